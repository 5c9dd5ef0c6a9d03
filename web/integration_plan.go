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
	f := view.NewIntegrationForm{Text: strings.TrimSpace(c.FormValue("text")), Answer: strings.TrimSpace(c.FormValue("answer")), Templates: templateChoices()}
	orgs, def, err := s.planOrgs(c)
	if err != nil {
		return err
	}
	f.Orgs, f.OrgID = orgs, chosenPlanOrg(c, orgs, def)
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
	planner := s.planner
	if c.FormValue("planner") == builder.PlannerOffline {
		planner = builder.NewOffline()
	}
	ctx, orgNote, orgNames := s.planContext(c.Request().Context(), f.OrgID)
	res, err := planner.Plan(ctx, text)
	if msg, ok := builder.ExplainLLMError(err); ok {
		// The endpoint failed: say why, keep the text, offer the offline
		// planner. The details go to the log only.
		s.log.Warn("planning with the language model", "err", err)
		f.Error, f.OfferOffline = msg, true
		return s.render(c, http.StatusBadGateway, view.NewIntegration(chrome, f))
	}
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
	return s.showDraft(c, view.PlanData{
		Text: text, SpecText: specText, Spec: res.Spec, Assumptions: res.Assumptions, Planner: res.Planner,
		Diagram: layoutDiagramIn(res.Spec, orgNames), Unplanned: res.Unplanned, Fallback: res.Fallback, OrgNote: orgNote,
	})
}

// showDraft shows a draft spec for review. Spec names are unique: when the
// draft's is taken the page says so, with a free name filled in, rather
// than after the click.
func (s *Server) showDraft(c echo.Context, d view.PlanData) error {
	free, err := s.store.SuggestSpecName(c.Request().Context(), d.Spec.Name)
	if err != nil {
		return err
	}
	if free != d.Spec.Name {
		d.NameError = fmt.Sprintf("Another integration already has a spec named %s. Salesforce names its Apex classes, triggers and permission set after the spec name, "+
			"so the two would overwrite each other in any org both are deployed to. This one will be named %s; change it here if you like.", d.Spec.Name, free)
		d.Name = free
	}
	return s.ok(c, view.PlanResult(s.chrome(c, "Review the draft"), d))
}
