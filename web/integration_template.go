package web

import (
	"fmt"

	"github.com/labstack/echo/v4"

	"github.com/patchbay/patchbay/examples"
	"github.com/patchbay/patchbay/spec"
	"github.com/patchbay/patchbay/web/view"
)

// integrationTemplate shows a template as a draft to review, the same page
// a planned request gets; creating it opens the editor.
func (s *Server) integrationTemplate(c echo.Context) error {
	t, ok := examples.Lookup(c.Param("name"))
	if !ok {
		return notFound("that template")
	}
	parsed, err := spec.Load([]byte(t.Text))
	if err != nil {
		return fmt.Errorf("template %s: %w", t.Name, err)
	}
	return s.showDraft(c, view.PlanData{
		Text: "Template: " + t.Label, SpecText: t.Text, Spec: parsed, Planner: "template",
		Diagram: layoutDiagram(parsed),
	})
}

// templateChoices lists the templates for the new-integration page.
func templateChoices() []view.TemplateChoice {
	all, err := examples.Templates()
	if err != nil {
		return nil // the page still works without them; the examples' own tests catch this
	}
	out := make([]view.TemplateChoice, len(all))
	for i, t := range all {
		out[i] = view.TemplateChoice{Name: t.Name, Label: t.Label, Description: t.Description}
	}
	return out
}
