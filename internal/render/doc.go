// Package render draws socpick's results (text for people, markdown for
// pull requests and wikis, JSON and YAML per the contract) behind one
// Renderer interface that writes to an io.Writer. It knows nothing of
// flags or terminals: the caller decides colour once and passes it in.
package render
