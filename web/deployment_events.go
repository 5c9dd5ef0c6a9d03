package web

import (
	"bytes"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/a-h/templ"
	"github.com/labstack/echo/v4"

	"github.com/patchbay/patchbay/deploy"
	"github.com/patchbay/patchbay/web/view"
)

// sseHeartbeat keeps proxies from closing a quiet event stream.
const sseHeartbeat = 15 * time.Second

// deploymentEvents streams a running deployment's progress as server-sent
// events: each "swap" event carries a piece of the page (an org's panel, the
// status badge, the outcome) as HTML with the id it replaces, and a "done"
// event ends the stream.
func (s *Server) deploymentEvents(c echo.Context) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	if _, err := s.store.Deployment(ctx, id); err != nil {
		return err
	}
	if s.deployer == nil {
		return notFound("live progress for this deployment")
	}
	events, cancel := s.deployer.Subscribe(id)
	defer cancel()
	w := c.Response()
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)
	w.Flush()
	tick := time.NewTicker(sseHeartbeat)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-tick.C:
			if _, err := fmt.Fprint(w, ": keep-alive\n\n"); err != nil {
				return nil
			}
			w.Flush()
		case ev, ok := <-events:
			if !ok || ev.Done {
				// Finished, or not running in this process: send the stored
				// outcome and end the stream.
				s.sendOutcome(c, id)
				return nil
			}
			if err := s.sendJob(c, ev); err != nil {
				return nil
			}
		}
	}
}

// sendOutcome sends the final badge and summary, then "done".
func (s *Server) sendOutcome(c echo.Context, id int64) {
	ctx := c.Request().Context()
	d, err := s.store.Deployment(ctx, id)
	if err != nil {
		return
	}
	jobs, err := s.store.Jobs(ctx, id)
	if err != nil {
		return
	}
	u, _ := currentUser(c)
	data := s.deploymentData(ctx, d, jobs, u, csrfToken(c))
	for _, comp := range []templ.Component{view.DeploymentBadge(d), view.DeploymentOutcome(data)} {
		var buf bytes.Buffer
		if err := comp.Render(ctx, &buf); err != nil {
			return
		}
		if err := writeSSE(c.Response(), "swap", buf.String()); err != nil {
			return
		}
	}
	_ = writeSSE(c.Response(), "done", string(d.Status))
}

func (s *Server) sendJob(c echo.Context, ev deploy.Event) error {
	j := view.JobView{ID: ev.JobID, Org: ev.Org, Status: ev.Status, Counts: ev.Counts, Message: ev.Message}
	if ev.Status.Done() {
		// Finished: show the stored result with its errors and tests.
		if stored, err := s.store.Job(c.Request().Context(), ev.JobID); err == nil {
			j = jobView(stored)
		}
	}
	var buf bytes.Buffer
	if err := view.JobPanel(j).Render(c.Request().Context(), &buf); err != nil {
		return err
	}
	return writeSSE(c.Response(), "swap", buf.String())
}

// writeSSE writes one event; each line of data gets its own data: field.
func writeSSE(w *echo.Response, event, data string) error {
	var b strings.Builder
	b.WriteString("event: " + event + "\n")
	for _, line := range strings.Split(data, "\n") {
		b.WriteString("data: " + line + "\n")
	}
	b.WriteString("\n")
	if _, err := w.Write([]byte(b.String())); err != nil {
		return err
	}
	w.Flush()
	return nil
}
