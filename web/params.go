package web

import (
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/patchbay/patchbay/store"
)

// paramID reads a positive integer path parameter; anything else is a page
// that does not exist.
func paramID(c echo.Context, name string) (int64, error) {
	id, err := strconv.ParseInt(c.Param(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, notFound("that page")
	}
	return id, nil
}

// integrationParam loads the integration named by the :id parameter.
func (s *Server) integrationParam(c echo.Context) (store.Integration, error) {
	id, err := paramID(c, "id")
	if err != nil {
		return store.Integration{}, err
	}
	return s.store.Integration(c.Request().Context(), id)
}

// versionParam loads the integration and the spec version named by :id and
// :v.
func (s *Server) versionParam(c echo.Context) (store.Integration, store.SpecVersion, error) {
	in, err := s.integrationParam(c)
	if err != nil {
		return in, store.SpecVersion{}, err
	}
	v, err := paramID(c, "v")
	if err != nil {
		return in, store.SpecVersion{}, err
	}
	sv, err := s.store.SpecVersion(c.Request().Context(), in.ID, int(v))
	return in, sv, err
}

func itoa(i int) string     { return strconv.Itoa(i) }
func itoa64(i int64) string { return strconv.FormatInt(i, 10) }
