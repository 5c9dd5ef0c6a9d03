package web

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

// routes is the one route table. Each handler lives in its own file named
// after the page or action.
func (s *Server) routes() {
	e := s.echo
	e.GET("/healthz", func(c echo.Context) error { return c.String(http.StatusOK, "ok\n") })
	e.GET("/static/:name", s.assets.serve)

	g := e.Group("", s.loadSession, s.csrf)
	g.GET("/login", s.loginPage)
	g.POST("/login", s.login)
	g.POST("/logout", s.logout)

	read, edit, admin := s.require(permRead), s.require(permEdit), s.require(permAdmin)
	g.GET("/", s.dashboard, read)
	g.GET("/integrations", s.integrationList, read)
	g.GET("/integrations/new", s.integrationNew, edit)
	g.GET("/integrations/templates/:name", s.integrationTemplate, edit)
	g.POST("/integrations/plan", s.integrationPlan, edit)
	g.POST("/integrations", s.integrationCreate, edit)
	g.POST("/spec/validate", s.specValidate, read)
	g.GET("/integrations/:id", s.integrationEdit, read)
	g.POST("/integrations/:id/label", s.integrationRename, edit)
	g.POST("/integrations/:id/archive", s.integrationArchive, edit)
	g.POST("/integrations/:id/unarchive", s.integrationUnarchive, edit)
	g.POST("/integrations/:id/versions", s.versionSave, edit)
	g.POST("/integrations/:id/form", s.integrationForm, edit)
	g.POST("/integrations/:id/form/view", s.integrationFormView, read)
	g.GET("/integrations/:id/versions", s.versionList, read)
	g.GET("/integrations/:id/diff", s.versionDiff, read)
	g.GET("/integrations/:id/versions/:v/files", s.generatePreview, read)
	g.GET("/integrations/:id/versions/:v/try", s.integrationTry, read)
	g.POST("/integrations/:id/versions/:v/try", s.integrationTry, read)
	g.GET("/integrations/:id/versions/:v/download/:kind", s.download, read)
	g.GET("/integrations/:id/versions/:v/deploy", s.deployNew, edit)
	g.POST("/integrations/:id/versions/:v/deploy", s.deployCreate, edit)
	g.GET("/integrations/:id/runs", s.runList, read)
	g.GET("/integrations/:id/runs/:org/:run", s.runShow, read)
	g.POST("/integrations/:id/runs/replay", s.runReplay, edit)

	g.GET("/integrations/:id/health", s.integrationHealth, read)
	g.POST("/integrations/:id/health/orgs/:org/schedules", s.schedulesStart, edit)

	g.GET("/deployments", s.deploymentList, read)
	g.GET("/deployments/:id", s.deploymentShow, read)
	g.GET("/deployments/:id/events", s.deploymentEvents, read)
	g.POST("/deployments/:id/quick-deploy", s.deployQuick, edit)

	g.GET("/orgs", s.orgList, read)
	g.POST("/orgs/connect", s.orgConnect, admin)
	g.GET("/oauth/callback", s.oauthCallback, admin)
	g.POST("/orgs/:id/disconnect", s.orgDisconnect, admin)
	g.POST("/orgs/:id/check", s.orgCheck, admin)
	g.POST("/orgs/:id/schema", s.orgSchemaRefresh, admin)

	g.GET("/settings", s.settingsPage, admin)
	g.POST("/settings", s.settingsSave, admin)
	g.GET("/settings/alerts", s.alertSettingsPage, admin)
	g.POST("/settings/alerts", s.alertSettingsSave, admin)
	g.POST("/settings/alerts/test", s.alertTest, admin)
	g.GET("/users", s.userList, admin)
	g.POST("/users", s.userCreate, admin)
	g.POST("/users/:id/role", s.userRole, admin)
	g.GET("/audit", s.auditLog, admin)
}
