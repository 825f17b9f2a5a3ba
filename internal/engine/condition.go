package engine

import (
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
	fastBool func(env fastEnv, elem string) (v, known bool)
	fastInt  func(env fastEnv, elem string) (int, bool)
	fastStr  func(env fastEnv, elem string) (string, bool)
	fastList func(env fastEnv, elem string) ([]string, bool)
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
func literal[T any](n ast.Node) func(fastEnv, string) (T, bool) {
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

func (c *fastCompiler) boolean(n ast.Node) fastBool {
	if f := literal[bool](n); f != nil {
		return f
	}
	switch n := n.(type) {
	case *ast.UnaryNode:
		if n.Operator == "!" || n.Operator == "not" {
			if x := c.boolean(n.Node); x != nil {
				return func(env fastEnv, elem string) (bool, bool) {
					v, ok := x(env, elem)
					return !v, ok
				}
			}
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
		cond, a, b := c.boolean(n.Cond), c.boolean(n.Exp1), c.boolean(n.Exp2)
		if cond != nil && a != nil && b != nil {
			return func(env fastEnv, elem string) (bool, bool) {
				if v, ok := cond(env, elem); !ok {
					return false, false
				} else if v {
					return a(env, elem)
				}
				return b(env, elem)
			}
		}
	}
	return nil
}

func (c *fastCompiler) binaryBool(n *ast.BinaryNode) fastBool {
	switch n.Operator {
	case "&&", "and":
		a := c.boolean(n.Left)
		if a == nil {
			return nil
		}
		b := c.boolean(n.Right)
		if b == nil {
			// Known only when a is false: then expr does not run b.
			return func(env fastEnv, elem string) (bool, bool) {
				v, ok := a(env, elem)
				return false, ok && !v
			}
		}
		return func(env fastEnv, elem string) (bool, bool) {
			if v, ok := a(env, elem); !ok || !v {
				return false, ok
			}
			return b(env, elem)
		}
	case "||", "or":
		a := c.boolean(n.Left)
		if a == nil {
			return nil
		}
		b := c.boolean(n.Right)
		if b == nil {
			return func(env fastEnv, elem string) (bool, bool) {
				v, ok := a(env, elem)
				return true, ok && v
			}
		}
		return func(env fastEnv, elem string) (bool, bool) {
			if v, ok := a(env, elem); !ok || v {
				return true, ok
			}
			return b(env, elem)
		}
	case "==", "!=":
		eq := c.equal(n.Left, n.Right)
		if eq == nil || n.Operator == "==" {
			return eq
		}
		return func(env fastEnv, elem string) (bool, bool) {
			v, ok := eq(env, elem)
			return !v, ok
		}
	case "<", "<=", ">", ">=":
		a, b := c.integer(n.Left), c.integer(n.Right)
		if a == nil || b == nil {
			return nil
		}
		var cmp func(x, y int) bool
		switch n.Operator {
		case "<":
			cmp = func(x, y int) bool { return x < y }
		case "<=":
			cmp = func(x, y int) bool { return x <= y }
		case ">":
			cmp = func(x, y int) bool { return x > y }
		default:
			cmp = func(x, y int) bool { return x >= y }
		}
		return func(env fastEnv, elem string) (bool, bool) {
			x, ok := a(env, elem)
			if !ok {
				return false, false
			}
			y, ok := b(env, elem)
			return ok && cmp(x, y), ok
		}
	case "in":
		return c.in(n.Left, n.Right)
	}
	return nil
}

// equal compiles a == b over two strings or two whole numbers.
func (c *fastCompiler) equal(l, r ast.Node) fastBool {
	if a, b := c.str(l), c.str(r); a != nil && b != nil {
		return func(env fastEnv, elem string) (bool, bool) {
			x, ok := a(env, elem)
			if !ok {
				return false, false
			}
			y, ok := b(env, elem)
			return ok && x == y, ok
		}
	}
	if a, b := c.integer(l), c.integer(r); a != nil && b != nil {
		return func(env fastEnv, elem string) (bool, bool) {
			x, ok := a(env, elem)
			if !ok {
				return false, false
			}
			y, ok := b(env, elem)
			return ok && x == y, ok
		}
	}
	return nil
}

// in compiles s in list, where list is a list value or a set of string
// literals.
func (c *fastCompiler) in(l, r ast.Node) fastBool {
	s := c.str(l)
	if s == nil {
		return nil
	}
	if set := stringSet(r); set != nil {
		return func(env fastEnv, elem string) (bool, bool) {
			x, ok := s(env, elem)
			if !ok {
				return false, false
			}
			_, in := set[x]
			return in, true
		}
	}
	list := c.list(r)
	if list == nil {
		return nil
	}
	return func(env fastEnv, elem string) (bool, bool) {
		x, ok := s(env, elem)
		if !ok {
			return false, false
		}
		items, ok := list(env, elem)
		if !ok {
			return false, false
		}
		for _, it := range items {
			if it == x {
				return true, true
			}
		}
		return false, true
	}
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
		if slot, kind := c.answer(n); kind == questionnaire.KindChoice {
			return func(env fastEnv, _ string) (string, bool) {
				v, ok := env[slot].(string)
				return v, ok
			}
		}
	case *ast.ConditionalNode:
		cond, a, b := c.boolean(n.Cond), c.str(n.Exp1), c.str(n.Exp2)
		if cond != nil && a != nil && b != nil {
			return func(env fastEnv, elem string) (string, bool) {
				if v, ok := cond(env, elem); !ok {
					return "", false
				} else if v {
					return a(env, elem)
				}
				return b(env, elem)
			}
		}
	}
	return nil
}

func (c *fastCompiler) integer(n ast.Node) fastInt {
	if f := literal[int](n); f != nil {
		return f
	}
	switch n := n.(type) {
	case *ast.IdentifierNode:
		if slot, kind := c.answer(n); kind == questionnaire.KindInteger {
			return func(env fastEnv, _ string) (int, bool) {
				v, ok := env[slot].(int)
				return v, ok
			}
		}
	case *ast.BuiltinNode:
		if n.Name == "len" && len(n.Arguments) == 1 && n.Map == nil && n.Threshold == nil {
			if list := c.list(n.Arguments[0]); list != nil {
				return func(env fastEnv, elem string) (int, bool) {
					items, ok := list(env, elem)
					return len(items), ok
				}
			}
		}
	case *ast.UnaryNode:
		if x := c.integer(n.Node); x != nil {
			switch n.Operator {
			case "-":
				return func(env fastEnv, elem string) (int, bool) {
					v, ok := x(env, elem)
					return -v, ok
				}
			case "+":
				return x
			}
		}
	case *ast.BinaryNode:
		if n.Operator != "+" && n.Operator != "-" {
			return nil
		}
		a, b := c.integer(n.Left), c.integer(n.Right)
		if a == nil || b == nil {
			return nil
		}
		if n.Operator == "-" {
			return func(env fastEnv, elem string) (int, bool) {
				x, ok := a(env, elem)
				if !ok {
					return 0, false
				}
				y, ok := b(env, elem)
				return x - y, ok
			}
		}
		return func(env fastEnv, elem string) (int, bool) {
			x, ok := a(env, elem)
			if !ok {
				return 0, false
			}
			y, ok := b(env, elem)
			return x + y, ok
		}
	case *ast.ConditionalNode:
		cond, a, b := c.boolean(n.Cond), c.integer(n.Exp1), c.integer(n.Exp2)
		if cond != nil && a != nil && b != nil {
			return func(env fastEnv, elem string) (int, bool) {
				if v, ok := cond(env, elem); !ok {
					return 0, false
				} else if v {
					return a(env, elem)
				}
				return b(env, elem)
			}
		}
	}
	return nil
}

func (c *fastCompiler) list(n ast.Node) fastList {
	if slot, kind := c.answer(n); kind == questionnaire.KindList {
		return func(env fastEnv, _ string) ([]string, bool) {
			v, ok := env[slot].([]string)
			return v, ok
		}
	}
	return nil
}
