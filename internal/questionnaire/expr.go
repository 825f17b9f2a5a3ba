package questionnaire

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/ast"
	"github.com/expr-lang/expr/checker"
	"github.com/expr-lang/expr/compiler"
	"github.com/expr-lang/expr/conf"
	"github.com/expr-lang/expr/file"
	"github.com/expr-lang/expr/optimizer"
	"github.com/expr-lang/expr/parser"
	"github.com/expr-lang/expr/vm"
	"go.yaml.in/yaml/v3"

	"github.com/socpick/socpick/internal/strictyaml"
)

// ReportsVar is the name under which rule conditions that run after the
// reports are decided see the recommended report ids.
const ReportsVar = "reports"

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
	// The steps of expr.Compile, with the configuration built once per
	// questionnaire and the literal check on the tree as parsed: loading
	// the rules is on the start-up path of every command.
	config := qs.exprConfig(withReports, asBool)
	tree, err := parser.ParseWithConfig(src, config)
	if err != nil {
		return nil, []strictyaml.Problem{qs.exprProblem(n, src, err)}
	}
	v := &literalChecker{qs: qs, n: n, src: src}
	v.walk(tree.Node, nil)
	if _, err := new(checker.Checker).PatchAndCheck(tree, config); err != nil {
		return nil, []strictyaml.Problem{qs.exprProblem(n, src, err)}
	}
	if err := optimizer.Optimize(&tree.Node, config); err != nil {
		return nil, []strictyaml.Problem{qs.exprProblem(n, src, err)}
	}
	prog, err := compiler.Compile(tree, config)
	if err != nil {
		return nil, []strictyaml.Problem{qs.exprProblem(n, src, err)}
	}
	c := &Compiled{Program: prog}
	for _, id := range v.idents {
		if (qs.byKey[id] != nil || id == ReportsVar) && !slices.Contains(c.Reads, id) {
			c.Reads = append(c.Reads, id)
		}
	}
	return c, v.probs
}

// exprConfig returns the expr configuration for expressions over the
// answers, built on first use.
func (qs *Questionnaire) exprConfig(withReports, asBool bool) *conf.Config {
	i := 0
	if withReports {
		i++
	}
	if asBool {
		i += 2
	}
	if qs.configs[i] == nil {
		opts := []expr.Option{
			expr.Env(qs.envTypes(withReports)),
			expr.Function("label", qs.labelFunc, new(func(string, any) string)),
			expr.Function("plural", pluralFunc, new(func(int, string) string)),
			// `"x" in list` over a []string without reflection: the answers'
			// lists are tested on every evaluation.
			expr.Function("$inStrings", inStrings, new(func(string, []string) bool)),
			expr.Operator("in", "$inStrings"),
		}
		if asBool {
			opts = append(opts, expr.AsBool())
		}
		config := conf.CreateNew()
		for _, op := range opts {
			op(config)
		}
		config.Check()
		qs.configs[i] = config
	}
	return qs.configs[i]
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
	return JoinList(labels, "and"), nil
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
		return msg + " (not an answer key)" + strictyaml.Suggest(name, append(qs.Keys(), ReportsVar))
	}
	return msg
}

// literalChecker finds string literals compared with an answer and checks
// them against the question's options: `customer_data == "yess"` is an
// error at load, not a rule that silently never fires.
type literalChecker struct {
	qs     *Questionnaire
	n      *yaml.Node
	src    string
	idents []string
	// declared are the names of let variables in scope.
	declared []string
	probs    []strictyaml.Problem
}

var predicateBuiltins = []string{"all", "none", "any", "one", "filter", "map", "count", "sum", "find", "findIndex", "findLast", "findLastIndex", "groupBy", "sortBy"}

// walk visits node; elem is the question whose list elements the
// predicate pointer (#) stands for, inside any(services, ...).
func (c *literalChecker) walk(node ast.Node, elem *Question) {
	switch x := node.(type) {
	case nil:
		return
	case *ast.IdentifierNode:
		c.idents = append(c.idents, x.Value)
		// expr does not check names passed to the functions it is given
		// (plural(controls_operating_month, ...) compiles, and reads as 0):
		// every name must be an answer key, reports, or a let variable.
		if c.qs.byKey[x.Value] == nil && x.Value != ReportsVar && !slices.Contains(c.declared, x.Value) {
			c.probs = append(c.probs, strictyaml.Problem{Pos: offsetPos(c.n, c.src, x.Location().From),
				Msg: "in expression: " + c.qs.friendlyExprMsg("unknown name "+x.Value)})
		}
	case *ast.BinaryNode:
		switch x.Operator {
		case "==", "!=":
			c.checkPair(x.Left, x.Right, elem)
			c.checkPair(x.Right, x.Left, elem)
		case "in", "not in":
			if q := c.valued(x.Left, elem); q != nil {
				if arr, ok := x.Right.(*ast.ArrayNode); ok {
					for _, it := range arr.Nodes {
						c.checkLiteral(q, it)
					}
				}
			}
			if q := c.listQuestion(x.Right); q != nil {
				c.checkLiteral(q, x.Left)
			}
		}
		c.walk(x.Left, elem)
		c.walk(x.Right, elem)
	case *ast.BuiltinNode:
		inner := elem
		if slices.Contains(predicateBuiltins, x.Name) && len(x.Arguments) > 0 {
			inner = c.listQuestion(x.Arguments[0])
		}
		for i, a := range x.Arguments {
			if i == 0 {
				c.walk(a, elem)
			} else {
				c.walk(a, inner)
			}
		}
	case *ast.PredicateNode:
		c.walk(x.Node, elem)
	case *ast.UnaryNode:
		c.walk(x.Node, elem)
	case *ast.ArrayNode:
		for _, it := range x.Nodes {
			c.walk(it, elem)
		}
	case *ast.ConditionalNode:
		c.walk(x.Cond, elem)
		c.walk(x.Exp1, elem)
		c.walk(x.Exp2, elem)
	case *ast.CallNode:
		if id, ok := x.Callee.(*ast.IdentifierNode); ok && id.Value == "label" && len(x.Arguments) > 0 {
			if key, ok := x.Arguments[0].(*ast.StringNode); ok && c.qs.byKey[key.Value] == nil {
				c.probs = append(c.probs, strictyaml.Problem{Pos: offsetPos(c.n, c.src, key.Location().From),
					Msg: fmt.Sprintf("in expression: label: %q is not an answer key%s", key.Value, strictyaml.Suggest(key.Value, c.qs.Keys()))})
			}
		}
		if _, named := x.Callee.(*ast.IdentifierNode); !named {
			c.walk(x.Callee, elem) // a function's name is not an answer
		}
		for _, a := range x.Arguments {
			c.walk(a, elem)
		}
	case *ast.MemberNode:
		c.walk(x.Node, elem)
	case *ast.ChainNode:
		c.walk(x.Node, elem)
	case *ast.SliceNode:
		c.walk(x.Node, elem)
	case *ast.VariableDeclaratorNode:
		c.walk(x.Value, elem)
		c.declared = append(c.declared, x.Name)
		c.walk(x.Expr, elem)
	case *ast.SequenceNode:
		for _, it := range x.Nodes {
			c.walk(it, elem)
		}
	}
}

// valued returns the question whose single value node stands for: a
// choice answer, or # inside a predicate over a list answer.
func (c *literalChecker) valued(node ast.Node, elem *Question) *Question {
	switch x := node.(type) {
	case *ast.IdentifierNode:
		if q := c.qs.byKey[x.Value]; q != nil && q.Kind == KindChoice {
			return q
		}
	case *ast.PointerNode:
		if x.Name == "" {
			return elem
		}
	}
	return nil
}

func (c *literalChecker) listQuestion(node ast.Node) *Question {
	if id, ok := node.(*ast.IdentifierNode); ok {
		if q := c.qs.byKey[id.Value]; q != nil && q.Kind == KindList {
			return q
		}
	}
	return nil
}

func (c *literalChecker) checkPair(a, b ast.Node, elem *Question) {
	if q := c.valued(a, elem); q != nil {
		c.checkLiteral(q, b)
	}
}

func (c *literalChecker) checkLiteral(q *Question, node ast.Node) {
	s, ok := node.(*ast.StringNode)
	if !ok || q.Option(s.Value) != nil {
		return
	}
	msg := fmt.Sprintf("in expression: %q is not a value of %s (want %s)%s", s.Value, q.Key, q.Allowed(), strictyaml.Suggest(s.Value, q.Values()))
	c.probs = append(c.probs, strictyaml.Problem{Pos: offsetPos(c.n, c.src, s.Location().From), Msg: msg})
}
