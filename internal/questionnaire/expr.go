package questionnaire

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/ast"
	"github.com/expr-lang/expr/file"
	"github.com/expr-lang/expr/vm"
	"go.yaml.in/yaml/v3"

	"github.com/socpick/socpick/internal/prose"
	"github.com/socpick/socpick/internal/strictyaml"
)

// ReportsVar is the name under which rule conditions that run after the
// reports are decided see the recommended report ids.
const ReportsVar = "reports"

// PlanVars are the names, besides ReportsVar, that rule conditions and
// texts running after the reports are decided may read: whole months from
// the advice's date until the first Type I report (type1_months, of any
// report; socN_type1_months, of each) and each report's first Type II
// report, and the months the SOC 1's bridge letter spans, as the
// plan computes them (0 without a plan, or without a bridge letter); and,
// per report, what of it is held: 0 nothing (a first examination), 1 a
// Type I (its first Type II is next), 2 a Type II (a renewal; for the
// SOC 2, a SOC 3 too); with no report held, or no plan, the
// first_examination answer says (2 for "no", else 0). They are integers.
var PlanVars = []string{"type1_months", "soc1_type1_months", "soc2_type1_months", "soc1_type2_months", "soc2_type2_months", "soc1_bridge_months", "soc1_held", "soc2_held"}

// LaterVar reports whether name is read only after the reports are
// decided: ReportsVar or a PlanVars name.
func LaterVar(name string) bool { return name == ReportsVar || slices.Contains(PlanVars, name) }

// Compiled is an expression compiled against the answers.
type Compiled struct {
	Program *vm.Program
	// Reads lists the names the expression reads (answer keys, and
	// ReportsVar), in order of first use.
	Reads []string
}

// Compile compiles the expression held in a YAML scalar against the typed
// answers: choice answers are strings, list answers []string, integers
// int. With withReports it may also read ReportsVar. A condition must be
// boolean; templates (asBool false) may be any value. Problems carry the
// file position of the fault inside the expression, and string literals
// compared with an answer are checked against that question's options.
func (qs *Questionnaire) Compile(n *yaml.Node, withReports bool) (*Compiled, []strictyaml.Problem) {
	return qs.compile(n, n.Value, withReports, true)
}

// CompileText compiles src, an expression found inside the scalar n (a
// {{ }} template), as any value.
func (qs *Questionnaire) CompileText(n *yaml.Node, src string, withReports bool) (*Compiled, []strictyaml.Problem) {
	return qs.compile(n, src, withReports, false)
}

func (qs *Questionnaire) compile(n *yaml.Node, src string, withReports, asBool bool) (*Compiled, []strictyaml.Problem) {
	if n.Kind != yaml.ScalarNode || n.Tag != "!!str" {
		return nil, []strictyaml.Problem{{Pos: strictyaml.PosOf(n), Msg: "expected an expression as text, got " + strictyaml.Describe(n)}}
	}
	if p := checkSize(n, src); p != nil {
		return nil, []strictyaml.Problem{*p}
	}
	check := &exprCheck{qs: qs, n: n, src: src}
	prog, err := expr.Compile(src, qs.exprOptions(withReports, asBool, check)...)
	if err != nil {
		// expr's error alone: what check found may be the same fault
		// again (an unknown name), or follow from it.
		return nil, []strictyaml.Problem{qs.exprProblem(n, src, err)}
	}
	return check.result(prog)
}

// Limits of an expression, checked on its text before expr parses it:
// expr's parser and checker recurse once per level of nesting, and a
// condition nested 520,000 brackets deep overflowed the stack of every
// command (300,000 took 858 MB and 3.4 s to load). A condition a person writes is far
// inside both: the default ruleset's longest is under 500 bytes, its
// deepest 5 brackets.
const (
	// MaxExprBytes is the longest expression, in bytes.
	MaxExprBytes = 4096
	// MaxExprDepth is the deepest nesting of brackets ((), [] and {})
	// in an expression.
	MaxExprDepth = 32
)

// checkSize refuses an expression longer than MaxExprBytes or nested
// deeper than MaxExprDepth, at its start or at the bracket too deep.
// Brackets inside string literals and comments do not count.
func checkSize(n *yaml.Node, src string) *strictyaml.Problem {
	if len(src) > MaxExprBytes {
		return &strictyaml.Problem{Pos: offsetPos(n, src, 0), Msg: fmt.Sprintf(
			"in expression: %d bytes, more than the %d an expression may hold: split it across rules",
			len(src), MaxExprBytes)}
	}
	depth := 0
	rs := []rune(src) // i counts runes, as columns do
	for i := 0; i < len(rs); i++ {
		switch r := rs[i]; {
		case r == '"' || r == '\'' || r == '`':
			// A string literal: to its closing quote (a raw `...` string
			// has no escapes). An unclosed one is expr's error to report.
			for i++; i < len(rs) && rs[i] != r; i++ {
				if rs[i] == '\\' && r != '`' {
					i++
				}
			}
		case r == '/' && i+1 < len(rs) && rs[i+1] == '/':
			for i < len(rs) && rs[i] != '\n' {
				i++
			}
		case r == '/' && i+1 < len(rs) && rs[i+1] == '*':
			// To the */ that closes it: the first may end at i+3 ("/**/").
			for i += 3; i < len(rs) && !(rs[i-1] == '*' && rs[i] == '/'); {
				i++
			}
		case r == '(' || r == '[' || r == '{':
			if depth++; depth > MaxExprDepth {
				return &strictyaml.Problem{Pos: offsetPos(n, src, i), Msg: fmt.Sprintf(
					"in expression: brackets nested more than %d deep: split the condition, or name its parts with let", MaxExprDepth)}
			}
		case r == ')' || r == ']' || r == '}':
			depth--
		}
	}
	return nil
}

// exprOptions are the expr options for expressions over the answers, with
// check among the patchers.
func (qs *Questionnaire) exprOptions(withReports, asBool bool, check *exprCheck) []expr.Option {
	opts := []expr.Option{
		expr.Env(qs.envTypes(withReports)),
		expr.Function("label", qs.labelFunc, new(func(string, any) string)),
		expr.Function("plural", pluralFunc, new(func(int, string) string)),
		// Before the operator below: check reads `in` as written.
		expr.Patch(check),
		// `"x" in list` over a []string without reflection: the answers'
		// lists are tested on every evaluation.
		expr.Function("$inStrings", inStrings, new(func(string, []string) bool)),
		expr.Operator("in", "$inStrings"),
	}
	if asBool {
		opts = append(opts, expr.AsBool())
	}
	return opts
}

func inStrings(params ...any) (any, error) {
	needle, _ := params[0].(string)
	list, _ := params[1].([]string)
	return slices.Contains(list, needle), nil
}

// labelFunc is the expression function label(key, values): the options'
// labels of a value or list of values of a question, as a person reads them
// inside a sentence ("payroll and SaaS"), for reason texts.
func (qs *Questionnaire) labelFunc(params ...any) (any, error) {
	key, _ := params[0].(string)
	q := qs.byKey[key]
	if q == nil {
		return nil, fmt.Errorf("label: %q is not an answer key", key)
	}
	var values []string
	switch v := params[1].(type) {
	case string:
		values = []string{v}
	case []string:
		values = v
	case []any:
		for _, it := range v {
			s, _ := it.(string)
			values = append(values, s)
		}
	}
	labels := make([]string, len(values))
	for i, v := range values {
		labels[i] = v
		if o := q.Option(v); o != nil {
			labels[i] = inProse(o.Label)
		}
	}
	return prose.JoinList(labels, "and"), nil
}

// exprProblem places an expr error inside the YAML file.
func (qs *Questionnaire) exprProblem(n *yaml.Node, src string, err error) strictyaml.Problem {
	var fe *file.Error
	msg := err.Error()
	pos := offsetPos(n, src, 0)
	if errors.As(err, &fe) {
		msg = fe.Message
		pos = offsetPos(n, src, fe.Column)
		if fe.Line > 1 {
			pos = strictyaml.Pos{Line: n.Line + fe.Line - 1, Column: 1}
			if n.Style&yaml.LiteralStyle != 0 {
				pos.Line++ // the text starts on the line after the |
			}
		}
	}
	msg = "in expression: " + qs.friendlyExprMsg(msg)
	if n.Style == 0 && n.LineComment != "" {
		// `when: any(services, # in [...])` ends at the #, which YAML
		// reads as a comment: the expression the user wrote is cut short.
		msg += ` (YAML read " #" as the start of a comment: quote the expression)`
	}
	return strictyaml.Problem{Pos: pos, Msg: msg}
}

// offsetPos is the file position of the rune at offset col of the
// expression src held in the scalar node n.
func offsetPos(n *yaml.Node, src string, col int) strictyaml.Pos {
	base := strictyaml.PosOf(n)
	switch {
	case n.Style&yaml.LiteralStyle != 0:
		// A | block keeps its lines: the line is known, the indentation
		// is not (the node does not carry it).
		before := n.Value
		if i := strings.Index(n.Value, src); i >= 0 && i+col <= len(n.Value) {
			before = n.Value[:i+col]
		}
		return strictyaml.Pos{Line: base.Line + 1 + strings.Count(before, "\n"), Column: 1}
	case n.Style&yaml.FoldedStyle != 0 || strings.Contains(n.Value, "\n"):
		return base
	case n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0:
		base.Column++
	}
	// src may be a template part: find it inside the scalar.
	if i := strings.Index(n.Value, src); i > 0 {
		base.Column += len([]rune(n.Value[:i]))
	}
	base.Column += col
	return base
}

func (qs *Questionnaire) friendlyExprMsg(msg string) string {
	if name, ok := strings.CutPrefix(msg, "unknown name "); ok {
		return msg + " (not an answer key)" + prose.Suggest(name, append(append(qs.Keys(), ReportsVar), PlanVars...))
	}
	// expr passes on strconv's message for a number literal it cannot
	// read: say it in words.
	if m := numberLiteralErr.FindStringSubmatch(msg); m != nil {
		return fmt.Sprintf("the number %s is too large", strictyaml.Clip(m[1]))
	}
	return msg
}

// numberLiteralErr is strconv's error for a number out of range, as expr
// passes it on.
var numberLiteralErr = regexp.MustCompile(`strconv\.Parse(?:Int|Float|Uint): parsing "([^"]*)": value out of range`)

// exprCheck is the expr.Patch visitor that checks an expression's names
// and string literals against the questions. It patches nothing. It runs
// with the patchers, on the tree as parsed: later, expr's optimizer folds
// `x in ["a", "b"]` into a constant, and the literals are gone.
//
// ast.Walk visits a node after its children, so each check is made at the
// node that knows enough: a comparison at the comparison, label's key at
// the call, # at the predicate that says which list it ranges over, a let
// variable at its let, and every other name once the walk is done.
type exprCheck struct {
	qs  *Questionnaire
	n   *yaml.Node
	src string
	// names are the identifiers, in the order they are read.
	names []*ast.IdentifierNode
	// local are the identifiers that do not name an answer: a function
	// called by name, a let variable where it is in scope.
	local map[*ast.IdentifierNode]bool
	// elems are the string literals compared with # (the element of a
	// predicate), until the predicate says which question's values # holds.
	elems map[*ast.BinaryNode][]*ast.StringNode
	probs []strictyaml.Problem
}

// clockBuiltins are expr's builtins whose value depends on when they run
// (expr has no random ones). date() parses the text it is given; only
// now() reads the clock.
var clockBuiltins = []string{"now"}

var predicateBuiltins = []string{"all", "none", "any", "one", "filter", "map", "count", "sum", "find", "findIndex", "findLast", "findLastIndex", "groupBy", "sortBy"}

// Visit implements ast.Visitor.
func (c *exprCheck) Visit(node *ast.Node) {
	switch x := (*node).(type) {
	case *ast.IdentifierNode:
		c.names = append(c.names, x)
	case *ast.BinaryNode:
		switch x.Operator {
		case "==", "!=":
			c.compare(x, x.Left, x.Right)
			c.compare(x, x.Right, x.Left)
		case "in", "not in":
			if arr, ok := x.Right.(*ast.ArrayNode); ok {
				c.compare(x, x.Left, arr.Nodes...)
			}
			if q := c.listQuestion(x.Right); q != nil {
				c.checkLiteral(q, x.Left)
			}
		}
	case *ast.CallNode:
		id, named := x.Callee.(*ast.IdentifierNode)
		if !named {
			return
		}
		c.setLocal(id) // a function's name is not an answer
		if id.Value == "label" && len(x.Arguments) > 0 {
			if key, ok := x.Arguments[0].(*ast.StringNode); ok && c.qs.byKey[key.Value] == nil {
				c.probs = append(c.probs, strictyaml.Problem{Pos: offsetPos(c.n, c.src, key.Location().From),
					Msg: fmt.Sprintf("in expression: label: %s is not an answer key%s", strictyaml.Quote(key.Value), prose.Suggest(key.Value, c.qs.Keys()))})
			}
		}
	case *ast.BuiltinNode:
		if slices.Contains(clockBuiltins, x.Name) {
			c.probs = append(c.probs, strictyaml.Problem{Pos: offsetPos(c.n, c.src, x.Location().From), Msg: fmt.Sprintf(
				"in expression: %s() reads the clock, and advice must not depend on when it is given: the date of a decision is --as-of, outside the rules", x.Name)})
			return
		}
		if !slices.Contains(predicateBuiltins, x.Name) || len(x.Arguments) < 2 {
			return
		}
		// A predicate inside this one has claimed its own comparisons of #
		// already; those left in the arguments after the first are ours.
		q := c.listQuestion(x.Arguments[0])
		for i := 1; i < len(x.Arguments); i++ {
			ast.Walk(&x.Arguments[i], visitFunc(func(n *ast.Node) {
				b, ok := (*n).(*ast.BinaryNode)
				if !ok {
					return
				}
				lits, held := c.elems[b]
				if !held {
					return
				}
				delete(c.elems, b)
				if q != nil {
					for _, s := range lits {
						c.checkLiteral(q, s)
					}
				}
			}))
		}
	case *ast.VariableDeclaratorNode:
		ast.Walk(&x.Expr, visitFunc(func(n *ast.Node) {
			if id, ok := (*n).(*ast.IdentifierNode); ok && id.Value == x.Name {
				c.setLocal(id)
			}
		}))
	}
}

// result is the compiled program with the names it reads, and the
// problems found.
func (c *exprCheck) result(prog *vm.Program) (*Compiled, []strictyaml.Problem) {
	out := &Compiled{Program: prog}
	for _, id := range c.names {
		switch {
		case c.local[id]:
		case c.qs.byKey[id.Value] != nil || LaterVar(id.Value):
			if !slices.Contains(out.Reads, id.Value) {
				out.Reads = append(out.Reads, id.Value)
			}
		default:
			// expr does not check names passed to the functions it is
			// given (plural(controls_operating_month, ...) compiles, and
			// reads as 0): every name must be an answer key, reports, or a
			// let variable.
			c.probs = append(c.probs, strictyaml.Problem{Pos: offsetPos(c.n, c.src, id.Location().From),
				Msg: "in expression: " + c.qs.friendlyExprMsg("unknown name "+id.Value)})
		}
	}
	return out, c.probs
}

func (c *exprCheck) setLocal(id *ast.IdentifierNode) {
	if c.local == nil {
		c.local = map[*ast.IdentifierNode]bool{}
	}
	c.local[id] = true
}

// compare checks the string literals among lits, compared with v, against
// the options of the question whose value v stands for: a choice answer,
// or # (held until its predicate is visited).
func (c *exprCheck) compare(b *ast.BinaryNode, v ast.Node, lits ...ast.Node) {
	switch v := v.(type) {
	case *ast.IdentifierNode:
		if q := c.qs.byKey[v.Value]; q != nil && q.Kind == KindChoice {
			for _, l := range lits {
				c.checkLiteral(q, l)
			}
		}
	case *ast.PointerNode:
		if v.Name != "" {
			return // #index, #acc
		}
		for _, l := range lits {
			if s, ok := l.(*ast.StringNode); ok {
				if c.elems == nil {
					c.elems = map[*ast.BinaryNode][]*ast.StringNode{}
				}
				c.elems[b] = append(c.elems[b], s)
			}
		}
	}
}

func (c *exprCheck) listQuestion(node ast.Node) *Question {
	if id, ok := node.(*ast.IdentifierNode); ok {
		if q := c.qs.byKey[id.Value]; q != nil && q.Kind == KindList {
			return q
		}
	}
	return nil
}

// checkLiteral checks node, when it is a string literal, against q's
// options: `customer_data == "yess"` is an error at load, not a rule that
// silently never fires.
func (c *exprCheck) checkLiteral(q *Question, node ast.Node) {
	s, ok := node.(*ast.StringNode)
	if !ok || q.Option(s.Value) != nil {
		return
	}
	msg := fmt.Sprintf("in expression: %s is not a value of %s (want %s)%s", strictyaml.Quote(s.Value), q.Key, q.Allowed(), prose.Suggest(s.Value, q.Values()))
	c.probs = append(c.probs, strictyaml.Problem{Pos: offsetPos(c.n, c.src, s.Location().From), Msg: msg})
}

// visitFunc is an ast.Visitor made of a function.
type visitFunc func(*ast.Node)

func (f visitFunc) Visit(n *ast.Node) { f(n) }
