package web

import (
	"fmt"

	"github.com/labstack/echo/v4"

	"github.com/patchbay/patchbay/store"
	"github.com/patchbay/patchbay/web/view"
)

// audit records who did what. A failure to record is logged, not shown:
// the action itself has already happened.
func (s *Server) audit(c echo.Context, action, target, detail string) {
	u, _ := currentUser(c)
	if _, err := s.store.Audit(c.Request().Context(), store.AuditEntry{Actor: u.Username, Action: action, Target: target, Detail: detail}); err != nil {
		s.log.Error("recording audit entry", "action", action, "target", target, "err", err)
	}
}

// auditLog shows the newest audit entries to administrators.
func (s *Server) auditLog(c echo.Context) error {
	entries, err := s.store.AuditLog(c.Request().Context(), 200, 0)
	if err != nil {
		return err
	}
	return s.ok(c, view.AuditLog(s.chrome(c, "Audit log"), entries))
}

// versionSaveDetail is the audit detail of a saved version, in words.
func versionSaveDetail(name string, version int, passed bool) string {
	if passed {
		return fmt.Sprintf("%s version %d, passed the checks", name, version)
	}
	return fmt.Sprintf("%s version %d, saved with problems", name, version)
}
