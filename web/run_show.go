package web

import (
	"errors"

	"github.com/labstack/echo/v4"

	"github.com/patchbay/patchbay/runs"
	"github.com/patchbay/patchbay/store"
	"github.com/patchbay/patchbay/web/view"
)

// runShow is one run's page: every field of its log row, the other runs of
// its record in its flow, and replay for a failure.
func (s *Server) runShow(c echo.Context) error {
	in, err := s.integrationParam(c)
	if err != nil {
		return err
	}
	orgID, err := paramID(c, "org")
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	o, err := s.store.Org(ctx, orgID)
	if err != nil {
		return err
	}
	d, err := runs.RunDetail(ctx, s.store, o.ID, runsName(in), c.Param("run"))
	if errors.Is(err, store.ErrNotFound) {
		return notFound("that run")
	}
	if err != nil {
		return err
	}
	u, _ := currentUser(c)
	data := view.RunDetailData{Integration: in, Run: runRow(d.Run, o.Alias), CanReplay: can(u, permEdit) && !in.Archived()}
	for _, r := range d.History {
		data.History = append(data.History, runRow(r, o.Alias))
	}
	return s.ok(c, view.RunDetail(s.chrome(c, "Run of "+integrationTitleOf(in)), data))
}
