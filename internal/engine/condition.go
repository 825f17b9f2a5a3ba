package engine

import (
	"slices"

	"github.com/expr-lang/expr/ast"

	"github.com/socpick/socpick/internal/questionnaire"
)

// Conditions are most of the cost of an evaluation: every rule's condition
// runs for every answer set, and one run of expr's machine costs far more
// than the few comparisons most conditions are. So a condition made only
// of the forms below is also compiled, once at load, into Go closures that
// evaluate it directly over the environment:
//
//   - true and false; a string or whole-number literal;
//   - an answer (a choice as a string, a list, a whole number), reports;
//   - ==, != between two strings or two whole numbers; <, <=, >, >=, +, -
//     and unary - between whole numbers;
//   - "x" in list, # in ["a", "b"] (any string in a list or a set of
//     string literals);
//   - len(list); any, all, none and one over a list with a predicate of
//     these forms on #;
//   - !, not, &&, and, ||, or; c ? a : b.
//
// The forms are read from the compiled program's tree (vm.Program.Node),
// as expr's checker and optimizer left it. A fast condition either gives
// the answer expr would, or none: a form it does not know, or a value of
// an unexpected type at run time, makes it say "unknown", and the rule's
// program runs on expr's machine as before. A known answer never comes
// from past a part that was unknown, so no error expr would have raised
// is skipped: a && b is known false when a is, because expr would not
// evaluate b either. TestFastConditionsAgreeWithExpr holds the two to the
// same answers.
//
// The fast functions take the answers they read (a fastEnv) and the
// current element of the innermost predicate (#), and return the value and
// whether it is known.
type (
	fast[T any] func(env fastEnv, elem string) (v T, known bool)
	fastBool    = fast[bool]
	fastInt     = fast[int]
	fastStr     = fast[string]
	fastList    = fast[[]string]
)

// fastEnv holds the values of the names fast conditions read, each at its
// slot (see fastSlots): reading a slice instead of the environment map
// spares a hash of the name at every reading.
type fastEnv []any

// fastSlots numbers the names fast conditions read, across a ruleset.
type fastSlots struct {
	keys  []string
	index map[string]int
}

func (s *fastSlots) slot(key string) int {
	if i, ok := s.index[key]; ok {
		return i
	}
	if s.index == nil {
		s.index = map[string]int{}
	}
	s.index[key] = len(s.keys)
	s.keys = append(s.keys, key)
	return len(s.keys) - 1
}

// fill sets vals to the values of env at the slots, reusing its storage.
func (s *fastSlots) fill(vals fastEnv, env map[string]any) fastEnv {
	vals = vals[:0]
	for _, k := range s.keys {
		vals = append(vals, env[k])
	}
	return vals
}

// inStringsFunc is the function the questionnaire's expressions call for
// `"x" in list` over a list of strings (expr.Operator("in", ...)).
const inStringsFunc = "$inStrings"

// fastCompiler compiles conditions over a questionnaire's answers. Each
// of its methods returns nil for a node that is not of the forms above.
type fastCompiler struct {
	qs    *questionnaire.Questionnaire
	slots *fastSlots
	// inPredicate is true inside a predicate, where # is an element.
	inPredicate bool
}

// fastCondition compiles a condition's tree, or returns nil when no part
// of it can ever be known without expr.
func fastCondition(qs *questionnaire.Questionnaire, slots *fastSlots, n ast.Node) fastBool {
	if n == nil {
		return nil
	}
	c := &fastCompiler{qs: qs, slots: slots}
	return c.boolean(n)
}

// literal is the closure of a literal of type T, as written or as expr's
// optimizer folded it into a constant, or nil for any other node.
func literal[T any](n ast.Node) fast[T] {
	var v any
	switch n := n.(type) {
	case *ast.BoolNode:
		v = n.Value
	case *ast.StringNode:
		v = n.Value
	case *ast.IntegerNode:
		v = n.Value
	case *ast.ConstantNode:
		v = n.Value
	default:
		return nil
	}
	t, ok := v.(T)
	if !ok {
		return nil
	}
	return func(fastEnv, string) (T, bool) { return t, true }
}

// unary is op applied to x's value: known when x is.
func unary[A, R any](x fast[A], op func(A) R) fast[R] {
	if x == nil {
		return nil
	}
	return func(env fastEnv, elem string) (R, bool) {
		v, ok := x(env, elem)
		if !ok {
			var zero R
			return zero, false
		}
		return op(v), true
	}
}

// binary is op applied to a's and b's values, b evaluated after a (as
// expr does): known when both are.
func binary[A, B, R any](a fast[A], b fast[B], op func(A, B) R) fast[R] {
	if a == nil || b == nil {
		return nil
	}
	return func(env fastEnv, elem string) (R, bool) {
		var zero R
		x, ok := a(env, elem)
		if !ok {
			return zero, false
		}
		y, ok := b(env, elem)
		if !ok {
			return zero, false
		}
		return op(x, y), true
	}
}

// conditional compiles c ? a : b, its branches compiled by branch.
func conditional[T any](c *fastCompiler, n *ast.ConditionalNode, branch func(ast.Node) fast[T]) fast[T] {
	cond, a, b := c.boolean(n.Cond), branch(n.Exp1), branch(n.Exp2)
	if cond == nil || a == nil || b == nil {
		return nil
	}
	return func(env fastEnv, elem string) (T, bool) {
		if v, ok := cond(env, elem); !ok {
			var zero T
			return zero, false
		} else if v {
			return a(env, elem)
		}
		return b(env, elem)
	}
}

func not(x bool) bool { return !x }

func (c *fastCompiler) boolean(n ast.Node) fastBool {
	if f := literal[bool](n); f != nil {
		return f
	}
	switch n := n.(type) {
	case *ast.UnaryNode:
		if n.Operator == "!" || n.Operator == "not" {
			return unary(c.boolean(n.Node), not)
		}
	case *ast.BinaryNode:
		return c.binaryBool(n)
	case *ast.CallNode:
		if id, ok := n.Callee.(*ast.IdentifierNode); ok && id.Value == inStringsFunc && len(n.Arguments) == 2 {
			return c.in(n.Arguments[0], n.Arguments[1])
		}
	case *ast.BuiltinNode:
		return c.predicate(n)
	case *ast.ConditionalNode:
		return conditional(c, n, c.boolean)
	}
	return nil
}

// intComparisons are the comparisons of whole numbers, by operator.
var intComparisons = map[string]func(x, y int) bool{
	"==": func(x, y int) bool { return x == y },
	"<":  func(x, y int) bool { return x < y },
	"<=": func(x, y int) bool { return x <= y },
	">":  func(x, y int) bool { return x > y },
	">=": func(x, y int) bool { return x >= y },
}

func (c *fastCompiler) binaryBool(n *ast.BinaryNode) fastBool {
	switch n.Operator {
	case "&&", "and":
		return c.shortCircuit(n, false)
	case "||", "or":
		return c.shortCircuit(n, true)
	case "==", "!=":
		eq := c.equal(n.Left, n.Right)
		if n.Operator == "!=" {
			return unary(eq, not)
		}
		return eq
	case "<", "<=", ">", ">=":
		return binary(c.integer(n.Left), c.integer(n.Right), intComparisons[n.Operator])
	case "in":
		return c.in(n.Left, n.Right)
	}
	return nil
}

// shortCircuit compiles a && b (stop false) or a || b (stop true): when a
// is stop, so is the whole, and expr does not evaluate b.
func (c *fastCompiler) shortCircuit(n *ast.BinaryNode, stop bool) fastBool {
	a := c.boolean(n.Left)
	if a == nil {
		return nil
	}
	b := c.boolean(n.Right)
	if b == nil {
		// Known only when a is stop: then expr does not run b.
		return func(env fastEnv, elem string) (bool, bool) {
			v, ok := a(env, elem)
			return stop, ok && v == stop
		}
	}
	return func(env fastEnv, elem string) (bool, bool) {
		if v, ok := a(env, elem); !ok || v == stop {
			return stop, ok
		}
		return b(env, elem)
	}
}

// equal compiles a == b over two strings or two whole numbers.
func (c *fastCompiler) equal(l, r ast.Node) fastBool {
	if eq := binary(c.str(l), c.str(r), func(x, y string) bool { return x == y }); eq != nil {
		return eq
	}
	return binary(c.integer(l), c.integer(r), intComparisons["=="])
}

// in compiles s in list, where list is a list value or a set of string
// literals.
func (c *fastCompiler) in(l, r ast.Node) fastBool {
	s := c.str(l)
	if set := stringSet(r); set != nil {
		return unary(s, func(x string) bool {
			_, in := set[x]
			return in
		})
	}
	return binary(s, c.list(r), func(x string, items []string) bool { return slices.Contains(items, x) })
}

// stringSet reads a list of string literals, as written or as expr's
// optimizer folds it, or returns nil.
func stringSet(n ast.Node) map[string]struct{} {
	switch n := n.(type) {
	case *ast.ConstantNode:
		if set, ok := n.Value.(map[string]struct{}); ok {
			return set
		}
	case *ast.ArrayNode:
		set := make(map[string]struct{}, len(n.Nodes))
		for _, it := range n.Nodes {
			s, ok := it.(*ast.StringNode)
			if !ok {
				return nil
			}
			set[s.Value] = struct{}{}
		}
		return set
	}
	return nil
}

// predicate compiles any, all, none and one over a list.
func (c *fastCompiler) predicate(n *ast.BuiltinNode) fastBool {
	if len(n.Arguments) != 2 || n.Map != nil || n.Threshold != nil {
		return nil
	}
	var stopOn, onStop, atEnd bool // stop at the first element whose predicate is stopOn
	switch n.Name {
	case "any":
		stopOn, onStop, atEnd = true, true, false
	case "all":
		stopOn, onStop, atEnd = false, false, true
	case "none":
		stopOn, onStop, atEnd = true, false, true
	case "one":
	default:
		return nil
	}
	list := c.list(n.Arguments[0])
	p, ok := n.Arguments[1].(*ast.PredicateNode)
	if list == nil || !ok {
		return nil
	}
	inner := &fastCompiler{qs: c.qs, slots: c.slots, inPredicate: true}
	pred := inner.boolean(p.Node)
	if pred == nil {
		return nil
	}
	if n.Name == "one" {
		return func(env fastEnv, elem string) (bool, bool) {
			items, ok := list(env, elem)
			if !ok {
				return false, false
			}
			count := 0
			for _, it := range items {
				v, ok := pred(env, it)
				if !ok {
					return false, false
				}
				if v {
					count++
				}
			}
			return count == 1, true
		}
	}
	return func(env fastEnv, elem string) (bool, bool) {
		items, ok := list(env, elem)
		if !ok {
			return false, false
		}
		for _, it := range items {
			v, ok := pred(env, it)
			if !ok {
				return false, false
			}
			if v == stopOn {
				return onStop, true
			}
		}
		return atEnd, true
	}
}

// answer returns an answer key's slot and kind, reports being a list, or
// a kind "" when the name is not one.
func (c *fastCompiler) answer(n ast.Node) (int, string) {
	id, ok := n.(*ast.IdentifierNode)
	if !ok {
		return 0, ""
	}
	kind := questionnaire.KindList
	if id.Value != questionnaire.ReportsVar {
		q := c.qs.Lookup(id.Value)
		if q == nil {
			return 0, ""
		}
		kind = q.Kind
	}
	return c.slots.slot(id.Value), kind
}

// value reads an answer of kind, of Go type T, at its slot.
func value[T any](c *fastCompiler, n ast.Node, kind string) fast[T] {
	slot, k := c.answer(n)
	if k != kind {
		return nil
	}
	return func(env fastEnv, _ string) (T, bool) {
		v, ok := env[slot].(T)
		return v, ok
	}
}

func (c *fastCompiler) str(n ast.Node) fastStr {
	if f := literal[string](n); f != nil {
		return f
	}
	switch n := n.(type) {
	case *ast.PointerNode:
		if c.inPredicate && n.Name == "" {
			return func(_ fastEnv, elem string) (string, bool) { return elem, true }
		}
	case *ast.IdentifierNode:
		return value[string](c, n, questionnaire.KindChoice)
	case *ast.ConditionalNode:
		return conditional(c, n, c.str)
	}
	return nil
}

func (c *fastCompiler) integer(n ast.Node) fastInt {
	if f := literal[int](n); f != nil {
		return f
	}
	switch n := n.(type) {
	case *ast.IdentifierNode:
		return value[int](c, n, questionnaire.KindInteger)
	case *ast.BuiltinNode:
		if n.Name == "len" && len(n.Arguments) == 1 && n.Map == nil && n.Threshold == nil {
			return unary(c.list(n.Arguments[0]), func(items []string) int { return len(items) })
		}
	case *ast.UnaryNode:
		switch n.Operator {
		case "-":
			return unary(c.integer(n.Node), func(v int) int { return -v })
		case "+":
			return c.integer(n.Node)
		}
	case *ast.BinaryNode:
		switch n.Operator {
		case "+":
			return binary(c.integer(n.Left), c.integer(n.Right), func(x, y int) int { return x + y })
		case "-":
			return binary(c.integer(n.Left), c.integer(n.Right), func(x, y int) int { return x - y })
		}
	case *ast.ConditionalNode:
		return conditional(c, n, c.integer)
	}
	return nil
}

func (c *fastCompiler) list(n ast.Node) fastList {
	return value[[]string](c, n, questionnaire.KindList)
}
