package cli

import (
	"fmt"
	"io"
	"sync"
	"time"
)

// progress draws "checked N of M profiles" on a terminal's stderr while a
// long check runs. It stays silent for the first second, so short runs
// never flicker, and it is never drawn off a terminal or in CI. A nil
// *progress does nothing.
type progress struct {
	w     io.Writer
	total int
	// sharesScreen is true when results go to the same terminal: the line
	// is taken off before each result is written and drawn again after.
	sharesScreen bool
	// delay is how long the run goes before the line first appears; every
	// how often it is redrawn.
	delay, every time.Duration
	// canDraw, when set, says whether the screen is at the start of a
	// line, where the progress line may go; results share the screen.
	canDraw func() bool

	mu    sync.Mutex
	done  int
	shown bool // a progress line is on the screen
	quit  chan struct{}
	ended chan struct{}
	once  sync.Once
}

const (
	progressDelay = time.Second
	progressEvery = 200 * time.Millisecond
)

func startProgress(w io.Writer, total int, sharesScreen bool) *progress {
	return newProgress(w, total, sharesScreen).start()
}

func newProgress(w io.Writer, total int, sharesScreen bool) *progress {
	return &progress{w: w, total: total, sharesScreen: sharesScreen, delay: progressDelay, every: progressEvery,
		quit: make(chan struct{}), ended: make(chan struct{})}
}

func (p *progress) start() *progress {
	go p.loop()
	return p
}

func (p *progress) loop() {
	defer close(p.ended)
	select {
	case <-time.After(p.delay):
	case <-p.quit:
		return
	}
	tick := time.NewTicker(p.every)
	defer tick.Stop()
	for {
		p.mu.Lock()
		p.draw()
		p.mu.Unlock()
		select {
		case <-tick.C:
		case <-p.quit:
			return
		}
	}
}

func (p *progress) draw() {
	if p.sharesScreen && p.canDraw != nil && !p.canDraw() {
		return
	}
	fmt.Fprintf(p.w, "\r\x1b[Ksocpick: checked %d of %d profiles...", p.done, p.total)
	p.shown = true
}

// result counts one result and runs write, which writes it out.
func (p *progress) result(write func() error) error {
	if p == nil {
		return write()
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.done++
	if !p.shown || !p.sharesScreen {
		return write()
	}
	fmt.Fprint(p.w, "\r\x1b[K")
	err := write()
	p.draw()
	return err
}

// finish stops drawing and leaves the screen as it was; calling it again
// does nothing.
func (p *progress) finish() {
	if p == nil {
		return
	}
	p.once.Do(func() {
		close(p.quit)
		<-p.ended
		p.mu.Lock()
		defer p.mu.Unlock()
		if p.shown {
			fmt.Fprint(p.w, "\r\x1b[K")
			p.shown = false
		}
	})
}
