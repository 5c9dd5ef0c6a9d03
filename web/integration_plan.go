package web

import (
	"fmt"
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/labstack/echo/v4"

	"github.com/patchbay/patchbay/builder"
	"github.com/patchbay/patchbay/web/view"
)

// maxRequestText bounds a description.
const maxRequestText = 4000

// integrationPlan sends the description (and the answer to a clarifying
// question, if any) to the planner and shows its draft, its question or its
// refusal. The description always comes back in the form.
func (s *Server) integrationPlan(c echo.Context) error {
	f := view.NewIntegrationForm{Text: strings.TrimSpace(c.FormValue("text")), Answer: strings.TrimSpace(c.FormValue("answer"))}
	chrome := s.chrome(c, "New integration")
	switch {
	case f.Text == "":
		f.Error = "Describe what should happen first, for example one of the sentences on the left."
	case utf8.RuneCountInString(f.Text)+utf8.RuneCountInString(f.Answer) > maxRequestText:
		f.Error = fmt.Sprintf("Keep the description under %d characters; describe one integration at a time.", maxRequestText)
	case s.planner == nil:
		f.Error = "No planner is configured on this server."
	}
	if f.Error != "" {
		return s.render(c, http.StatusUnprocessableEntity, view.NewIntegration(chrome, f))
	}
	text := f.Text
	if f.Answer != "" {
		text = f.Text + "\n" + f.Answer
	}
	res, err := s.planner.Plan(c.Request().Context(), text)
	if err != nil {
		return fmt.Errorf("planning: %w", err)
	}
	switch {
	case res.Refusal != "":
		f.Refusal = res.Refusal
		return s.render(c, http.StatusUnprocessableEntity, view.NewIntegration(chrome, f))
	case res.Question != "" || res.Spec == nil:
		f.Question = res.Question
		if f.Question == "" {
			f.Question = "Could you say a little more about what should start the integration and what it should do?"
		}
		if f.Answer != "" {
			f.Text, f.Answer = text, ""
		}
		return s.render(c, http.StatusOK, view.NewIntegration(chrome, f))
	}
	specText, err := formatSpec(res.Spec)
	if err != nil {
		return err
	}
	// the unplanned clauses travel with the draft's text into the editor
	specText = builder.MarkUnplanned(specText, res.Unplanned)
	return s.ok(c, view.PlanResult(s.chrome(c, "Review the draft"), view.PlanData{
		Text: text, SpecText: specText, Spec: res.Spec, Assumptions: res.Assumptions, Planner: res.Planner,
		Diagram: layoutDiagram(res.Spec), Unplanned: res.Unplanned,
	}))
}
