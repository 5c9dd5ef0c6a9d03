package web

import (
	"bytes"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/patchbay/patchbay/deploy"
	"github.com/patchbay/patchbay/store"
	"github.com/patchbay/patchbay/web/view"
)

// sseHeartbeat keeps proxies from closing a quiet event stream.
const sseHeartbeat = 15 * time.Second

// deploymentEvents streams a running deployment's progress as server-sent
// events: "org" events carry an org's panel as HTML, and a "done" event
// ends the stream.
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
			if !ok {
				// Not running here (finished or never started by this
				// process): tell the page to show the stored state.
				d, err := s.store.Deployment(ctx, id)
				if err != nil {
					return nil
				}
				writeSSE(w, "done", doneText(d.Status))
				return nil
			}
			if ev.Done {
				writeSSE(w, "done", doneText(ev.DeploymentStatus))
				return nil
			}
			if err := s.sendJob(c, ev); err != nil {
				return nil
			}
		}
	}
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
	return writeSSE(c.Response(), "org", buf.String())
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

func doneText(st store.DeploymentStatus) string {
	switch st {
	case store.DeploymentSucceeded:
		return "The deployment succeeded in every org."
	case store.DeploymentFailed:
		return "The deployment failed in at least one org."
	case store.DeploymentCanceled:
		return "The deployment was canceled."
	}
	return "The deployment has stopped."
}
