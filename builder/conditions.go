package builder

import (
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/patchbay/patchbay/spec"
)

type opPhrase struct {
	phrase string
	op     string
}

// opPhrases are the ways admins write operators, longest first.
var opPhrases = func() []opPhrase {
	table := map[string][]string{
		spec.OpChangedFrom: {"changes from", "changed from", "has changed from", "is changed from", "moves from", "moved from", "goes from", "switches from", "is no longer", "no longer", "changes away from", "moves away from", "moves out of", "leaves", "changes out of", "moves off of", "moves off", "moved off of", "moved off", "comes off of", "comes off", "goes off of", "is moved off", "gets moved off", "is taken off", "moves on from", "moved on from"},
		spec.OpChangedTo: {"changes to", "changed to", "has changed to", "is changed to", "gets changed to", "goes to", "moves to", "is moved to", "gets moved to", "moved to", "switches to", "is switched to", "becomes", "turns to", "turns into", "flips to", "is updated to", "gets updated to", "updated to", "is set to", "gets set to", "set to", "is marked", "is marked as", "gets marked as", "marked as", "reaches", "hits", "is now", "changes into", "transitions to", "goes into", "moves into", "is changed into", "has been set to", "has been changed to", "changing to",
			"is flipped to", "is flipped over to", "gets flipped to", "gets flipped over to", "flipped over to", "is switched over to", "gets switched over to", "switches over to", "switched over to",
			"is bumped to", "is bumped up to", "gets bumped to", "gets bumped up to", "bumped to", "bumped up to", "is raised to", "gets raised to",
			"is upgraded to", "gets upgraded to", "is downgraded to", "gets downgraded to", "is lowered to", "gets lowered to", "is escalated to", "gets escalated to"},
		spec.OpChanged:        {"is pushed out", "is pushed back", "gets pushed out", "gets pushed back", "is pushed", "gets pushed", "slips", "is moved", "gets moved", "is extended", "is rescheduled", "gets rescheduled", "has changed", "changes", "changed", "is changed", "gets changed", "is updated", "gets updated", "was updated", "was changed", "is modified", "is edited", "modified", "updated", "edited", "has been changed", "has been updated", "is different", "gets edited", "gets modified"},
		spec.OpIsNotNull:      {"is already filled in", "is already set", "is already populated", "already has a value", "is not empty", "is not blank", "isn't empty", "isn't blank", "is not null", "isn't null", "is filled in", "is filled out", "is filled", "is populated", "is set", "has a value", "is present", "is provided", "is specified", "is known", "filled in", "populated", "not empty", "not blank", "is not missing", "isn't missing", "exists", "is given", "has been filled in", "has been set", "gets filled in", "is non-empty", "non-empty", "isnt empty", "isnt blank"},
		spec.OpIsNull:         {"hasn't been filled in", "has not been filled in", "hasn't been set", "has not been set", "hasn't been populated", "has not been populated", "is not yet set", "is not yet filled in", "isn't filled in yet", "is not filled in yet", "is still empty", "is still blank", "is still null", "is still missing", "is still not set", "still empty", "still blank", "is still unset", "is empty", "is blank", "is null", "is missing", "is not set", "isn't set", "is not filled in", "isn't filled in", "is not populated", "isn't populated", "has no value", "is unset", "empty", "blank", "missing", "null", "is none", "isn't filled", "is not filled", "is not provided", "isn't provided", "wasn't provided", "is absent", "isnt set", "is not there", "isn't there"},
		spec.OpNotEquals:      {"is not equal to", "does not equal", "doesn't equal", "not equal to", "is not", "isn't", "is anything but", "is anything other than", "is other than", "other than", "is different from", "!=", "<>", "isnt", "not", "is no"},
		spec.OpGreaterOrEqual: {"rises to", "climbs to", "goes up to", "is at or above", "at or above", "is greater than or equal to", "greater than or equal to", "is at least", "at least", ">=", "is no less than", "no less than", "is not less than", "minimum of", "is equal to or greater than", "equal to or greater than", "equal to or more than", "is more than or equal to", "of at least"},
		spec.OpLessOrEqual:    {"drops to", "falls to", "dips to", "goes down to", "drops down to", "is at or below", "at or below", "is at or under", "at or under", "is less than or equal to", "less than or equal to", "is at most", "at most", "<=", "is no more than", "no more than", "is not more than", "up to", "maximum of", "equal to or less than", "is equal to or less than", "of at most"},
		spec.OpGreaterThan:    {"is greater than", "greater than", "is more than", "more than", "is over", "over", "is above", "above", "exceeds", "is exceeding", "exceeding", "is higher than", "higher than", "is larger than", "larger than", "is bigger than", "bigger than", ">", "in excess of", "tops", "goes over", "goes above", "is north of", "north of", "is beyond", "surpasses", "of more than", "of over", "greater then", "more then", "is greater then", "bigger then", "higher then"},
		spec.OpLessThan:       {"is less than", "less than", "is under", "under", "is below", "below", "is lower than", "lower than", "is fewer than", "fewer than", "is smaller than", "smaller than", "<", "drops below", "falls below", "goes below", "dips below", "is beneath", "of less than", "of under", "less then", "is less then", "lower then", "drops under", "falls under"},
		spec.OpContains:       {"contains", "includes", "has the word", "has the text", "mentions", "containing", "including", "contain", "include", "includes the word", "contains the word", "contains the text", "contains the phrase", "mention", "has the phrase", "mentioning"},
		spec.OpStartsWith:     {"starts with", "begins with", "starting with", "beginning with", "start with", "begin with", "is prefixed with", "prefixed with", "starts in", "begins in"},
		spec.OpIn:             {"is one of", "is any of", "is in", "one of", "any of", "is either", "either", "in"},
		spec.OpEquals:         {"is equal to", "equal to", "equals", "is", "=", "==", "of", "was", "are", "as", "is exactly", "matches", "set as", "reads", "is the", "at"},
	}
	var out []opPhrase
	for op, ps := range table {
		for _, p := range ps {
			out = append(out, opPhrase{p, op})
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if len(out[i].phrase) != len(out[j].phrase) {
			return len(out[i].phrase) > len(out[j].phrase)
		}
		return out[i].phrase < out[j].phrase
	})
	return out
}()

// fieldPhrases are fieldWords' generic phrases, longest first.
var fieldPhrases = func() []string {
	var out []string
	for k := range fieldWords {
		if !strings.Contains(k, ":") {
			out = append(out, k)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if len(out[i]) != len(out[j]) {
			return len(out[i]) > len(out[j])
		}
		return out[i] < out[j]
	})
	return out
}()

// standardField returns the API name of a field word on object.
func standardField(object, word string) string {
	if f, ok := fieldWords[object+":"+word]; ok {
		return f
	}
	f := fieldWords[word]
	if object == "Lead" && f == "Name" {
		return "Name"
	}
	return f
}

type span struct{ a, b int }

// condParser reads the conditions of one trigger clause.
type condParser struct {
	p      *plan
	orig   string
	low    string
	object string
	used   []span
	conds  []spec.Condition
	spans  []span // where each of conds was read
	lifeAt []span // where lifecycle phrases matched
}

// orJoined reports whether the phrase at i follows an earlier lifecycle
// phrase with "or" between them.
func (c *condParser) orJoined(i int) bool {
	for _, s := range c.lifeAt {
		if s.b <= i && orBetweenRe.MatchString(c.low[s.b:i]) {
			return true
		}
	}
	return false
}

var orBetweenRe = regexp.MustCompile(`^\s*(?:,\s*)?(?:or|and/or)\s+(?:is\s+|gets\s+|when\s+it\s+is\s+|it's\s+)?$`)

func (c *condParser) isUsed(a, b int) bool {
	for _, u := range c.used {
		if a < u.b && b > u.a {
			return true
		}
	}
	return false
}

func (c *condParser) add(cond spec.Condition, a, b int) {
	if !cond.IsGroup() {
		for _, seg := range strings.Split(cond.Field, ".") {
			if spec.CheckFieldName(seg) != nil {
				return
			}
		}
	}
	for _, x := range c.conds {
		if x.Field == cond.Field && x.Op == cond.Op && (cond.Op != spec.OpEquals || fmt.Sprint(x.Value) == fmt.Sprint(cond.Value) || !orGapRe.MatchString(c.gapBefore(a))) {
			c.used = append(c.used, span{a, b})
			return
		}
	}
	c.conds = append(c.conds, cond)
	c.spans = append(c.spans, span{a, b})
	c.used = append(c.used, span{a, b})
}

var (
	customTokenRe = regexp.MustCompile(`\b[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)*__c\b`)
	inListRe      = regexp.MustCompile(`\b(?:in|from|within)\s+(?:the\s+)?([a-z0-9&/\- ]+?(?:,\s*[a-z0-9&/\- ]+?)*(?:,?\s+(?:or|and)\s+[a-z0-9&/\- ]+?)?)\s+(industry|industries|stage|stages|status|statuses|country|countries|region|regions|segment|segments|state|states)\b`)
	skipPrefixRe  = regexp.MustCompile(`^(?:\s*(?:field|fields|value|column|picklist|checkbox|check box|tick box|tickbox|box|flag)\b|\s*'s\b|\s+(?:on|of|for|in)\s+(?:the|a|an|this|that|each|any)\s+[a-z0-9_]+\b(?:\s+record)?|\s+(?:on|of|in)\s+(?:it|them|there)\b)+`)
	valueSkipRe   = regexp.MustCompile(`^\s*(?:the (?:word|text|phrase|value|string|code|prefix|term|keyword)s?|(?:a )?value of|the|a|an|either|one of|any of)\s+`)
)

// parseConditions reads the conditions in a trigger clause about object.
func (p *plan) parseConditions(orig, object string, eventCtx bool) []spec.Condition {
	c := &condParser{p: p, orig: orig, low: lowerASCII(orig), object: object}
	c.skipShares()
	c.inLists()
	c.phrases()
	if object != "" {
		c.countsBefore()
		c.countsNamedAfter()
	}
	c.orgFields()
	c.fields(eventCtx)
	c.listedValues()
	if object != "" {
		c.implicitAmount()
		c.adjectives()
		c.lifecycles()
		c.statusValues()
	}
	c.groupOrs()
	return c.conds
}

// shareOfRecordsRe tells what a share of the records are like, as the
// reason for a condition, not as one: "only if they have a mobile number,
// half of the older ones have MobilePhone blank and twilio errors out".
var shareOfRecordsRe = regexp.MustCompile(`\b(?:half|some|many|most|a\s+lot|lots|a\s+few|several|a\s+bunch|a\s+third|a\s+quarter)\s+of\s+(?:the|our|them|these|those)\b[^.;,!?]*`)

// skipShares marks statements about a share of the records as read.
func (c *condParser) skipShares() {
	for _, m := range shareOfRecordsRe.FindAllStringIndex(c.low, -1) {
		c.used = append(c.used, span{m[0], m[1]})
	}
}

// gapBefore is the text between the last condition read before a and a.
func (c *condParser) gapBefore(a int) string {
	end := -1
	for _, s := range c.spans {
		if s.b <= a && s.b > end {
			end = s.b
		}
	}
	if end < 0 {
		return ""
	}
	return c.low[end:a]
}

// orGapRe is the text between two conditions that either may satisfy:
// "priority High or origin Phone".
var orGapRe = regexp.MustCompile(`^\s*,?\s*(?:or|and/or)\s+(?:if\s+|when\s+|where\s+|whose\s+)?(?:the\s+|its\s+|their\s+|it's\s+|it\s+is\s+|it\s+has\s+)?$`)

// groupOrs joins conditions written with "or" between them into an any
// group.
func (c *condParser) groupOrs() {
	if len(c.spans) != len(c.conds) || len(c.conds) < 2 {
		return
	}
	idx := make([]int, len(c.conds))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(i, j int) bool { return c.spans[idx[i]].a < c.spans[idx[j]].a })
	group := map[int]int{} // cond index -> index of the first cond of its group
	for k := 1; k < len(idx); k++ {
		prev, cur := idx[k-1], idx[k]
		pa, ca := c.spans[prev], c.spans[cur]
		if pa.b > ca.a || c.conds[prev].IsGroup() || c.conds[cur].IsGroup() || c.conds[prev].Field == c.conds[cur].Field {
			continue
		}
		if orGapRe.MatchString(c.low[pa.b:ca.a]) {
			head := prev
			if h, ok := group[prev]; ok {
				head = h
			}
			group[cur] = head
			group[head] = head
		}
	}
	if len(group) == 0 {
		return
	}
	var out []spec.Condition
	var outSpans []span
	at := map[int]int{}
	for _, i := range idx {
		h, grouped := group[i]
		switch {
		case !grouped:
			out = append(out, c.conds[i])
			outSpans = append(outSpans, c.spans[i])
		case h == i:
			at[i] = len(out)
			out = append(out, spec.Condition{Any: []spec.Condition{c.conds[i]}})
			outSpans = append(outSpans, c.spans[i])
		default:
			out[at[h]].Any = append(out[at[h]].Any, c.conds[i])
		}
	}
	c.conds, c.spans = out, outSpans
}

// statusFlow is the picklist that tracks an object's progress and its
// standard values.
type statusFlow struct {
	field  string
	values []string
}

// statusFlows are the standard progress picklists, by object.
var statusFlows = map[string]statusFlow{
	"Opportunity":        {"StageName", []string{"Prospecting", "Qualification", "Needs Analysis", "Value Proposition", "Id. Decision Makers", "Perception Analysis", "Proposal/Price Quote", "Negotiation/Review", "Closed Won", "Closed Lost"}},
	"Case":               {"Status", []string{"New", "Working", "Escalated", "On Hold", "Closed"}},
	"Lead":               {"Status", []string{"Open - Not Contacted", "Working - Contacted", "Closed - Converted", "Closed - Not Converted"}},
	"Order":              {"Status", []string{"Draft", "Activated"}},
	"Contract":           {"Status", []string{"Draft", "In Approval Process", "Activated"}},
	"Quote":              {"Status", []string{"Draft", "Needs Review", "In Review", "Approved", "Rejected", "Presented", "Accepted", "Denied"}},
	"Task":               {"Status", []string{"Not Started", "In Progress", "Completed", "Waiting on someone else", "Deferred"}},
	"Campaign":           {"Status", []string{"Planned", "In Progress", "Completed", "Aborted"}},
	"WorkOrder":          {"Status", []string{"New", "In Progress", "On Hold", "Completed", "Closed", "Cannot Complete", "Canceled"}},
	"ServiceAppointment": {"Status", []string{"None", "Scheduled", "Dispatched", "In Progress", "Cannot Complete", "Completed", "Canceled"}},
}

// stateIsRe is a record reaching a state written as a participle: "when
// a work order is completed".
const stateIsRe = `\b(?:is|gets|get|are|was|were|has been|have been|becomes|is marked(?: as)?|gets marked(?: as)?)`

// statusMoveRe is a verb of progress before a value: "moves into".
const statusMoveRe = `\b(?:moves?|moved|moving|goes|going|went|gets|got|is moved|gets moved|is put|gets put|progresses|advances|changes|changed|is changed|transitions|is set|gets set|is updated|gets updated|flips|switches)\s+(?:in)?to|\b(?:reaches|reached|enters|entered|hits|lands in|becomes|is now|is marked(?: as)?|gets marked(?: as)?|is marked|marked as)`

var statusValueRes = func() map[string]*regexp.Regexp {
	out := map[string]*regexp.Regexp{}
	for obj, sf := range statusFlows {
		var alts []string
		for _, v := range sf.values {
			alts = append(alts, regexp.QuoteMeta(strings.ToLower(v)))
		}
		for k, v := range picklistValues {
			for _, x := range sf.values {
				if v == x && len(k) > 3 {
					alts = append(alts, regexp.QuoteMeta(k))
				}
			}
		}
		sort.Slice(alts, func(i, j int) bool { return len(alts[i]) > len(alts[j]) })
		states := []string{`\x00`}
		for _, a := range alts {
			if strings.HasSuffix(a, "ed") {
				states = append(states, a)
			}
		}
		// a value may be quoted ("passes to 'Closed Lost'"): the quote's
		// token stands in the text, and statusValues reads what it holds
		alts = append(alts, `q_\d+_q`)
		out[obj] = regexp.MustCompile(`(?:` + statusMoveRe + `)\s+(?:the\s+|a\s+)?(` + strings.Join(alts, "|") + `)(?:\s+(?:stage|status|phase))?\b|` + stateIsRe + `\s+(` + strings.Join(states, "|") + `)\b|` +
			// "changes while it's in Negotiation/Review": the stage it is in
			`\b(?:while|and|if|as\s+long\s+as)\s+(?:it'?s|it\s+is|its|they'?re|they\s+are)\s+(?:still\s+)?(?:in|at)\s+(?:the\s+)?(` + strings.Join(alts, "|") + `)\b`)
	}
	return out
}()

// statusValues reads a move to a standard stage or status that names no
// field: "a deal moves into negotiation/review".
func (c *condParser) statusValues() {
	sf, ok := statusFlows[c.object]
	if !ok {
		return
	}
	for _, x := range c.conds {
		if x.Field == sf.field || len(x.Any) > 0 && x.Any[0].Field == sf.field {
			return
		}
	}
	for _, m := range statusValueRes[c.object].FindAllStringSubmatchIndex(c.low, -1) {
		if c.isUsed(m[0], m[1]) {
			continue
		}
		v, op := "", spec.OpChangedTo
		switch {
		case m[2] >= 0:
			v = c.low[m[2]:m[3]]
		case m[4] >= 0:
			v = c.low[m[4]:m[5]]
		default:
			v, op = c.low[m[6]:m[7]], spec.OpEquals
		}
		if quoteToken.MatchString(v) {
			// "an opportunity moves to 'Closed Lost'": the quoted value,
			// when it is one of the object's stages or statuses
			v = strings.ToLower(strings.TrimSpace(c.p.unquote(v)))
		}
		val := ""
		for _, x := range sf.values {
			if strings.ToLower(x) == v {
				val = x
			}
		}
		if val == "" {
			val = picklistValues[v]
		}
		if val != "" {
			c.add(spec.Condition{Field: sf.field, Op: op, Value: val}, m[0], m[1])
		}
	}
}

// countBeforeRe is a count written before the field it counts: "with 500
// or more employees", "that have over 200 employees".
var countBeforeRe = regexp.MustCompile(`\b(?:with|having|has|have|that have|that has|who have|who has)\s+(?:(more than|over|above|greater than|at least|fewer than|less than|under|below|at most)\s+)?(\$?\d[\d,.]*(?:\s*(?:k|m|million|thousand))?)\s*(\+|or more|or greater|or above|and up|and above|or fewer|or less|or below)?\s+([a-z]+(?:\s+[a-z]+){0,2})`)

// countNamedAfterRe is a count of things, then the field that holds it in
// brackets: "received at least 5 boxes (Boxes_Received__c)", "over 3
// open tickets (Open_Tickets__c)", "10 or more logins (Login_Count__c)".
var countNamedAfterRe = regexp.MustCompile(`(?i)\b(?:(more than|over|above|greater than|at least|fewer than|less than|under|below|at most|no more than|no less than|no fewer than)\s+)?(\d[\d,.]*)\s*(\+|or more|or greater|or above|and up|and above|or fewer|or less|or below)?\s+(?:[a-z-]+\s+){0,3}?\(\s*(?:in\s+|the\s+)?((?-i:[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)*__c))(?:\s+field)?\s*\)`)

// countOps are the comparisons countBeforeRe and countNamedAfterRe read.
var countOps = map[string]string{"more than": spec.OpGreaterThan, "over": spec.OpGreaterThan, "above": spec.OpGreaterThan,
	"greater than": spec.OpGreaterThan, "at least": spec.OpGreaterOrEqual, "fewer than": spec.OpLessThan,
	"less than": spec.OpLessThan, "under": spec.OpLessThan, "below": spec.OpLessThan, "at most": spec.OpLessOrEqual,
	"no more than": spec.OpLessOrEqual, "no less than": spec.OpGreaterOrEqual, "no fewer than": spec.OpGreaterOrEqual}

// countsNamedAfter reads a count whose field is named in brackets after
// the things counted; a count with no comparison is left to the others.
func (c *condParser) countsNamedAfter() {
	for _, m := range countNamedAfterRe.FindAllStringSubmatchIndex(c.orig, -1) {
		if c.isUsed(m[0], m[1]) {
			continue
		}
		op := ""
		if m[2] >= 0 {
			op = countOps[strings.ToLower(c.orig[m[2]:m[3]])]
		}
		if m[6] >= 0 {
			switch strings.ToLower(c.orig[m[6]:m[7]]) {
			case "or fewer", "or less", "or below":
				op = spec.OpLessOrEqual
			default:
				op = spec.OpGreaterOrEqual
			}
		}
		num, _, ok := parseNumber(c.orig[m[4]:m[5]])
		if op == "" || !ok {
			continue
		}
		c.add(spec.Condition{Field: c.orig[m[8]:m[9]], Op: op, Value: numberValue(num)}, m[0], m[1])
	}
}

// countsBefore reads counts written before their field.
func (c *condParser) countsBefore() {
	for _, m := range countBeforeRe.FindAllStringSubmatchIndex(c.low, -1) {
		ws := strings.Fields(c.low[m[8]:m[9]])
		field, end := "", 0
		for n := len(ws); n > 0 && field == ""; n-- {
			if f := standardField(c.object, strings.Join(ws[:n], " ")); f != "" {
				field = f
				end = m[8] + len(strings.Join(ws[:n], " "))
			}
		}
		if field == "" {
			continue
		}
		num, _, ok := parseNumber(strings.TrimSpace(c.low[m[4]:m[5]]))
		if !ok {
			continue
		}
		op := spec.OpEquals
		if m[2] >= 0 {
			op = countOps[c.low[m[2]:m[3]]]
		}
		if m[6] >= 0 {
			switch c.low[m[6]:m[7]] {
			case "or fewer", "or less", "or below":
				op = spec.OpLessOrEqual
			default:
				op = spec.OpGreaterOrEqual
			}
		}
		c.add(spec.Condition{Field: field, Op: op, Value: numberValue(num)}, m[0], end)
	}
}

var (
	originRe = regexp.MustCompile(`\b(?:comes in |arrives |is created |is opened )?(?:via|by|through|from|over)\s+(?:the\s+|an?\s+)?(email|e-mail|web|web form|website|phone|chat)\b`)
	wordInRe = regexp.MustCompile(`\b(?:with|mentions|mention|mentioning|has|have|having|says|say|contains|contain|containing|includes|include)\s+(?:the\s+)?(?:words?|text|phrase|term|keyword)?\s*(q_\d+_q|[a-z0-9+#-]+)\s+(?:anywhere\s+|somewhere\s+)?in\s+(?:the|its|their|it's)\s+(subject|description|name|title|comments?|body)\b`)
	stageRe  = regexp.MustCompile(`\b(hits|reaches|moves to|moves into|goes to|goes into|enters|is moved to|gets to|gets moved to|is at|is in|lands in|progresses to|advances to|(?:is |gets )?(?:bumped|raised|upgraded|escalated|bumped up|raised up|lowered|downgraded|dropped) to)\s+(?:the\s+|an?\s+)?([a-z][a-z /-]{1,30}?)\s+(stage|status|priority)\b`)
	hasNoRe  = regexp.MustCompile(`\b(?:has no|have no|with no|without an?|without|there'?s no|there is no|there are no|there isn'?t an?|there is not an?)\s+([a-z0-9_]+(?: [a-z]+)?)`)
	// originMoreRe is one more channel of a list after the first: ", Web",
	// " or Phone".
	originMoreRe = regexp.MustCompile(`^\s*(?:,\s*(?:or\s+|and\s+)?|\s+or\s+|\s+and\s+|/\s*)(email|e-mail|web form|website|web|phone|chat)\b`)
	originVals   = map[string]string{"email": "Email", "e-mail": "Email", "web": "Web", "web form": "Web", "website": "Web", "phone": "Phone", "chat": "Chat"}
)

// clauseJoinWords join two conditions; a value read before its field
// never holds one ("High and the status").
var clauseJoinWords = map[string]bool{"and": true, "or": true, "the": true, "but": true, "while": true, "its": true, "their": true, "it": true, "when": true, "if": true}

// joinsClauses reports whether a value read before its field holds a word
// that joins two conditions.
func joinsClauses(v string) bool {
	for _, w := range strings.Fields(v) {
		if clauseJoinWords[w] {
			return true
		}
	}
	return false
}

// phrases reads conditions written around the field: "comes in via
// email", "with the word 'refund' in the subject".
func (c *condParser) phrases() {
	if c.object == "Case" {
		if m := originRe.FindStringSubmatchIndex(c.low); m != nil {
			// "came in by Email, Web or Phone": each channel listed
			vals := []any{originVals[c.low[m[2]:m[3]]]}
			end := m[1]
			for {
				n := originMoreRe.FindStringSubmatchIndex(c.low[end:])
				if n == nil {
					break
				}
				if v := originVals[c.low[end+n[2]:end+n[3]]]; !slices.Contains(vals, any(v)) {
					vals = append(vals, v)
				}
				end += n[1]
			}
			if len(vals) == 1 {
				c.add(spec.Condition{Field: "Origin", Op: spec.OpEquals, Value: vals[0]}, m[0], end)
			} else {
				c.add(spec.Condition{Field: "Origin", Op: spec.OpIn, Value: vals}, m[0], end)
			}
		}
	}
	// "hits the Negotiation stage", "moves to Closed status"
	for _, m := range stageRe.FindAllStringSubmatchIndex(c.low, -1) {
		field := map[string]string{"stage": "StageName", "status": "Status", "priority": "Priority"}[c.low[m[6]:m[7]]]
		if field == "StageName" && c.object != "Opportunity" || field == "Status" && !hasStatusField(c.object) || field == "Priority" && standardField(c.object, "priority") != "Priority" {
			continue
		}
		if joinsClauses(c.low[m[4]:m[5]]) {
			// "bumped to High and the status is ...": the value ends at
			// "and"; the field after it starts the next condition
			continue
		}
		op := spec.OpChangedTo
		if v := c.low[m[2]:m[3]]; v == "is at" || v == "is in" {
			// "is in the Negotiation stage": a state, not a move
			op = spec.OpEquals
		}
		value := c.orig[m[4]:m[5]]
		if backRefValues[c.low[m[4]:m[5]]] {
			// "when a listing moves to that stage": the value the request
			// named before ("the stage moving to Negotiation/Review")
			named := c.p.namedValue(c.low[m[6]:m[7]])
			if named == "" {
				continue
			}
			value = named
		}
		c.add(spec.Condition{Field: field, Op: op, Value: c.picklist(field, value)}, m[0], m[1])
	}
	// "is marked Paid in its Status__c field": the value before its field
	for _, m := range valueInFieldRe.FindAllStringSubmatchIndex(c.orig, -1) {
		fw := c.orig[m[4]:m[5]]
		field := fw
		if !strings.HasSuffix(fw, "__c") {
			field = standardField(c.object, strings.ToLower(fw))
		}
		if field == "" {
			continue
		}
		c.add(spec.Condition{Field: field, Op: spec.OpChangedTo, Value: c.picklist(field, c.p.unquote(c.orig[m[2]:m[3]]))}, m[0], m[1])
	}
	for _, m := range hasNoRe.FindAllStringSubmatchIndex(c.low, -1) {
		word := strings.TrimSpace(c.low[m[2]:m[3]])
		field := ""
		if strings.HasSuffix(word, "__c") {
			field = strings.TrimSpace(c.orig[m[2]:m[3]])
		} else {
			for _, w := range []string{word, strings.Join(strings.Fields(word)[:1], "")} {
				if f := standardField(c.object, w); f != "" && field == "" {
					field = f
				}
				// "a case without an account": the lookup is empty
				if o, ok := objectWords[w]; ok && field == "" {
					field = relationField(c.object, o)
				}
			}
		}
		if field != "" {
			c.add(spec.Condition{Field: field, Op: spec.OpIsNull}, m[0], m[1])
		}
	}
	for _, m := range wordInRe.FindAllStringSubmatchIndex(c.low, -1) {
		field := standardField(c.object, c.low[m[4]:m[5]])
		if field == "" {
			continue
		}
		c.add(spec.Condition{Field: field, Op: spec.OpContains, Value: c.p.unquote(c.orig[m[2]:m[3]])}, m[0], m[1])
	}
}

// valueInFieldRe is a value written before its field: "is marked Paid in
// its Status__c field".
var valueInFieldRe = regexp.MustCompile(`(?i)\b(?:is|gets|was|becomes)?\s*(?:marked|set|changed|updated|moved|flipped)\s+(?:as\s+|to\s+)?(q_\d+_q|[A-Za-z][\w-]*(?: [A-Z][\w-]*)?)\s+in\s+(?:its|the|their)\s+([A-Za-z][A-Za-z0-9_]*__c|[a-z]+(?: [a-z]+)?)\s+(?:field|picklist|column)\b`)

// listSpansClauseRe is a value list that holds another "in" or "the":
// the match ran across a clause ("in Clearbit and fill in the industry").
var listSpansClauseRe = regexp.MustCompile(`\b(?:in|the)\b`)

// inLists reads "in the Banking, Insurance or Finance industry".
func (c *condParser) inLists() {
	for _, m := range inListRe.FindAllStringSubmatchIndex(c.low, -1) {
		field := standardField(c.object, strings.TrimSuffix(strings.TrimSuffix(c.low[m[4]:m[5]], "s"), "ie")+map[bool]string{true: "y", false: ""}[strings.HasSuffix(c.low[m[4]:m[5]], "ies")])
		if field == "" {
			field = standardField(c.object, c.low[m[4]:m[5]])
		}
		if field == "" {
			continue
		}
		if inListVerbRe.MatchString(c.low[m[2]:m[3]]) {
			// "a ticket in Salesforce gets its Status ...": a sentence, not a list
			continue
		}
		vals := splitList(c.orig[m[2]:m[3]])
		if len(vals) == 0 || listSpansClauseRe.MatchString(c.low[m[2]:m[3]]) {
			// "look it up in Clearbit and fill in the industry": the
			// words before the field run across a clause, not a list
			continue
		}
		var cond spec.Condition
		if len(vals) == 1 {
			cond = spec.Condition{Field: field, Op: spec.OpEquals, Value: c.picklist(field, vals[0])}
		} else {
			var list []any
			for _, v := range vals {
				list = append(list, c.picklist(field, v))
			}
			cond = spec.Condition{Field: field, Op: spec.OpIn, Value: list}
		}
		c.add(cond, m[0], m[1])
	}
}

// inListVerbRe is a word no list of values holds: "in Salesforce gets its
// status" is a record in a place whose field changes.
var inListVerbRe = regexp.MustCompile(`\b(?:gets|got|get|its|their|is|has|had|was|were|are|changes|changed|goes|moves)\b`)

var listSplitRe = regexp.MustCompile(`\s*,\s*(?:or\s+|and\s+)?|\s+or\s+|\s+and\s+|\s*/\s*`)

func splitList(s string) []string {
	if _, whole := picklistValues[strings.ToLower(strings.TrimSpace(s))]; whole {
		// "Negotiation/Review", "Proposal/Price Quote": one value with a slash
		return []string{strings.TrimSpace(s)}
	}
	var out []string
	for _, v := range listSplitRe.Split(strings.TrimSpace(s), -1) {
		v = strings.TrimSpace(v)
		if v != "" {
			out = append(out, v)
		}
	}
	return out
}

// apiFieldRe matches field API names written as such (TotalAmount,
// HasOptedOutOfEmail).
var apiFieldRe = regexp.MustCompile(`\b[A-Z][a-z]+(?:[A-Z][a-z0-9]+)+\b`)

// hasABeforeRe is "has a" right before a field: the field has a value.
var hasABeforeRe = regexp.MustCompile(`\b(?:has|have|had|having|with|has got|comes with)\s+(?:an?|some)\s+$`)

// checkVerbBeforeRe is someone ticking or clearing a checkbox, right before
// the field: "a contact ticks the Email Opt Out box".
var checkVerbBeforeRe = regexp.MustCompile(`\b(ticks|checks|unticks|unchecks|clears|selects|deselects|ticked|checked|unticked|unchecked|cleared)\s+(?:the\s+|their\s+|its\s+|his\s+|her\s+|a\s+)?$`)

// withBeforeRe is "with" right before a field: "closed with Reason Refund".
var withBeforeRe = regexp.MustCompile(`\bwith\s+(?:a\s+|the\s+|its\s+)?$`)

// isCheckbox reports whether a field is a checkbox by its name.
func isCheckbox(field string) bool {
	return strings.HasPrefix(field, "Is") || strings.HasPrefix(field, "Has") || strings.HasPrefix(field, "DoNot") || strings.HasSuffix(field, "__c")
}

// hasNoneBeforeRe is "has a" denied right before a field: "doesn't already
// have a", "does not have an".
var hasNoneBeforeRe = regexp.MustCompile(`\b(?:doesn'?t|does not|don'?t|do not|didn'?t|did not|won'?t|will not)\s+(?:already\s+|yet\s+|even\s+)?(?:have|has)\s+(?:an?|some)\s+$`)

// updatedByRe is a verb of change right before a field mention.
var updatedByRe = regexp.MustCompile(`\b(updates|changes|edits|modifies|sets|moves|update|change|edit|modify|set|move|touches)\s+(?:the\s+|its\s+|their\s+|an?\s+|(?:(?:the|an?|each|every|any|that|this)\s+)?[a-z_]+'s\s+)?$`)

type fieldMention struct {
	a, b  int
	field string
}

// fields finds field mentions and reads the comparison after each.
func (c *condParser) fields(eventCtx bool) {
	var ms []fieldMention
	for _, m := range customTokenRe.FindAllStringIndex(c.orig, -1) {
		if tok := c.orig[m[0]:m[1]]; tok != c.object {
			ms = append(ms, fieldMention{m[0], m[1], tok})
		}
	}
	for _, m := range apiFieldRe.FindAllStringIndex(c.orig, -1) {
		w := c.orig[m[0]:m[1]]
		if _, _, known := c.p.findKnownSystem(w, lowerASCII(w)); known || isObjectWord(strings.ToLower(w)) || strings.HasSuffix(w, "ChangeEvent") {
			continue
		}
		ms = append(ms, fieldMention{m[0], m[1], w})
	}
	// "we have a Health_Score__c number field ... the health score is
	// under 60": a custom field the request names, said in plain words
	for _, nf := range c.p.namedCustomFields() {
		from := 0
		for {
			i := findWord(c.low, nf.words, from)
			if i < 0 {
				break
			}
			from = i + 1
			if !mentionOverlaps(ms, i, i+len(nf.words)) {
				ms = append(ms, fieldMention{i, i + len(nf.words), nf.field})
			}
		}
	}
	if !eventCtx {
		phrases := fieldPhrases
		for k := range fieldWords {
			if obj, w, ok := strings.Cut(k, ":"); ok && obj == c.object {
				phrases = append([]string{w}, phrases...)
			}
		}
		sort.SliceStable(phrases, func(i, j int) bool { return len(phrases[i]) > len(phrases[j]) })
		for _, ph := range phrases {
			from := 0
			for {
				i := findWord(c.low, ph, from)
				if i < 0 {
					break
				}
				from = i + 1
				if !mentionOverlaps(ms, i, i+len(ph)) {
					ms = append(ms, fieldMention{i, i + len(ph), standardField(c.object, ph)})
				}
			}
		}
	}
	// "the stripe customer id field is blank": a custom field named in
	// words and called a field; its API name is assumed from the words
	for _, m := range wordsFieldRe.FindAllStringSubmatchIndex(c.low, -1) {
		overlap := false
		for _, x := range ms {
			if m[2] < x.b && m[3] > x.a {
				overlap = true
			}
		}
		ws := strings.Fields(c.low[m[2]:m[3]])
		if overlap || len(ws) == 0 || isObjectWord(ws[0]) && len(ws) == 1 || fieldNameStop[ws[0]] {
			continue
		}
		name, end := customFieldName(ws...), m[3]+len("field")
		c.p.assume("assumed %q names the custom field %s", c.orig[m[2]:end], name)
		ms = append(ms, fieldMention{m[2], end, name})
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].a < ms[j].a })
	ms = bracketedNames(c.orig, ms)
	for _, m := range ms {
		if c.isUsed(m.a, m.b) || m.field == "" {
			continue
		}
		cond, end, ok := c.comparison(m.field, m.b)
		if !ok {
			// "someone updates the Billing Address", "sets the stage to X"
			before := c.low[:m.a]
			if vm := checkVerbBeforeRe.FindStringSubmatch(before); vm != nil && isCheckbox(m.field) {
				// "a contact ticks the Email Opt Out box": the checkbox turned on or off
				on := !strings.HasPrefix(vm[1], "un") && !strings.HasPrefix(vm[1], "de") && !strings.HasPrefix(vm[1], "clear")
				c.add(spec.Condition{Field: m.field, Op: spec.OpChangedTo, Value: on}, m.a, m.b)
				continue
			}
			if withBeforeRe.MatchString(before) && picklistFields[m.field] {
				// "closed with Reason Refund": a capitalised value right after the field
				if rest := strings.TrimLeft(c.orig[m.b:], " "); rest != "" && rest[0] >= 'A' && rest[0] <= 'Z' {
					if v, vend, ok := c.value(m.field, m.b, spec.OpEquals); ok {
						if _, isList := v.([]any); !isList {
							c.add(spec.Condition{Field: m.field, Op: spec.OpEquals, Value: v}, m.a, vend)
							continue
						}
					}
				}
			}
			if hasABeforeRe.MatchString(before) {
				// "it has a website", "with an email address"; "doesn't
				// already have a Pipedrive_Id__c" has none
				op := spec.OpIsNotNull
				if hasNoneBeforeRe.MatchString(before) {
					op = spec.OpIsNull
				}
				c.add(spec.Condition{Field: m.field, Op: op}, m.a, m.b)
				continue
			}
			if vm := updatedByRe.FindStringSubmatch(before); vm != nil {
				rest := strings.TrimLeft(c.low[m.b:], " ")
				if strings.HasPrefix(rest, "to ") {
					if v, vend, ok := c.value(m.field, m.b+strings.Index(c.low[m.b:], "to ")+3, spec.OpChangedTo); ok {
						if _, isList := v.([]any); !isList {
							c.add(spec.Condition{Field: m.field, Op: spec.OpChangedTo, Value: v}, m.a, vend)
							continue
						}
					}
				}
				c.add(spec.Condition{Field: m.field, Op: spec.OpChanged}, m.a, m.b)
			}
			continue
		}
		c.add(cond, m.a, end)
	}
}

// wordsFieldRe is a field named in lower-case words and called a field,
// before what is said of it: "the stripe customer id field is blank".
var wordsFieldRe = regexp.MustCompile(`\b(?:the|its|their|his|her)\s+((?:[a-z][a-z0-9]*\s+){1,4}?)field\s+(?:is|isn'?t|was|are|gets|has|equals|says|=|contains|starts|changes|becomes)\b`)

// fieldNameStop are words that do not open a field's name: "the same
// field", "the other field".
var fieldNameStop = map[string]bool{"same": true, "other": true, "first": true, "last": true, "next": true, "new": true, "old": true,
	"this": true, "that": true, "custom": true, "whole": true, "right": true, "wrong": true, "a": true, "an": true, "the": true}

// bracketedNameRe is a field's API name in brackets right after the words
// that name it: "the health score (Health_Score__c)".
var bracketedNameRe = regexp.MustCompile(`^\s*\(\s*([A-Za-z][A-Za-z0-9_]*)\s*\)`)

// bracketedNames joins a mention and the API name in brackets after it
// into one mention of that name, so the comparison after the bracket
// reads on it: "the health score (Health_Score__c) is under 60".
func bracketedNames(orig string, ms []fieldMention) []fieldMention {
	var out []fieldMention
	for i := 0; i < len(ms); i++ {
		m := ms[i]
		if bm := bracketedNameRe.FindStringSubmatchIndex(orig[m.b:]); bm != nil {
			name := orig[m.b+bm[2] : m.b+bm[3]]
			if i+1 < len(ms) && ms[i+1].field == name && ms[i+1].a == m.b+bm[2] {
				i++
			}
			if strings.HasSuffix(name, "__c") || name == m.field {
				m.field = name
			}
			m.b += bm[1]
		}
		out = append(out, m)
	}
	return out
}

// mentionOverlaps reports whether a..b overlaps a mention in ms.
func mentionOverlaps(ms []fieldMention, a, b int) bool {
	for _, m := range ms {
		if a < m.b && b > m.a {
			return true
		}
	}
	return false
}

// namedField is a custom field the request names and the plain words it
// is named by ("health score" for Health_Score__c).
type namedField struct{ field, words string }

// namedCustomFields lists the custom fields the request names, with the
// plain words of each, longest first; objects and names shorter than four
// letters (too common as words) are left out.
func (p *plan) namedCustomFields() []namedField {
	var out []namedField
	seen := map[string]bool{}
	for _, m := range customTokens(p.request) {
		tok := p.request[m[0]:m[1]]
		if seen[tok] || !strings.HasSuffix(tok, "__c") || strings.Contains(tok, ".") || isCustomObjectToken(p.request, m[0], m[1]) {
			continue
		}
		seen[tok] = true
		words := strings.ToLower(strings.Join(strings.Fields(camelSplit.ReplaceAllString(strings.ReplaceAll(strings.TrimSuffix(tok, "__c"), "_", " "), "$1 $2")), " "))
		if len(words) < 4 || isObjectWord(words) || standardField("", words) != "" {
			continue
		}
		out = append(out, namedField{tok, words})
	}
	sort.SliceStable(out, func(i, j int) bool { return len(out[i].words) > len(out[j].words) })
	return out
}

// Patterns used by comparison.
var (
	orMoreRe        = regexp.MustCompile(`^\s*(?:\+|or (?:more|greater|higher|above|over)|and (?:up|above|over)|plus)\b?`)
	orLessRe        = regexp.MustCompile(`^\s*(?:or (?:less|fewer|lower|below|under)|and (?:below|under|less))\b`)
	leadingToRe     = regexp.MustCompile(`^\s+to\s+`)
	anyOtherValueRe = regexp.MustCompile(`^(any|anything|something|another|a different|other|whatever|some)`)
)

// betweenRe is a range: "is between 10k and 50k".
var betweenRe = regexp.MustCompile(`^(?:is\s+|was\s+|are\s+|falls\s+|lies\s+)?between\s+(\$?\d[\d,.]*\s*(?:k|m|million|thousand)?)\s+(?:and|to|-)\s+(\$?\d[\d,.]*\s*(?:k|m|million|thousand)?)`)

// boolStateRe is a checkbox state after its field: "gets checked".
var boolStateRe = regexp.MustCompile(`^(?:gets|is|was|becomes|got|has been|is getting)\s+(checked|ticked|selected|enabled|turned on|set to true|unchecked|unticked|deselected|cleared|disabled|turned off|set to false)\b`)

// copulaRe is a linking verb before an operator: "was over", "will be at least".
var copulaRe = regexp.MustCompile(`^(?:is|was|are|were|will be|would be|has been|had been|gets|got|ends up|comes in)\s+`)

// comparison reads an operator and value after a field mention ending at pos.
func (c *condParser) comparison(field string, pos int) (spec.Condition, int, bool) {
	rest := c.low[pos:]
	if m := skipPrefixRe.FindStringIndex(rest); m != nil {
		pos += m[1]
		rest = c.low[pos:]
	}
	trimmed := strings.TrimLeft(rest, " ")
	pos += len(rest) - len(trimmed)
	rest = trimmed
	// "Email_Opt_In__c gets checked": a checkbox turned on or off
	if m := boolStateRe.FindStringSubmatch(rest); m != nil && (strings.HasSuffix(field, "__c") || strings.HasPrefix(field, "Is") || strings.HasPrefix(field, "Has") || strings.Contains(m[1], "check") || strings.Contains(m[1], "tick")) {
		on := !strings.HasPrefix(m[1], "un") && !strings.HasPrefix(m[1], "de") && m[1] != "cleared" && m[1] != "disabled" && m[1] != "turned off" && m[1] != "set to false"
		return spec.Condition{Field: field, Op: spec.OpChangedTo, Value: on}, pos + len(m[0]), true
	}
	// "the amount is between 10k and 50k": both bounds
	if m := betweenRe.FindStringSubmatchIndex(rest); m != nil {
		lo, _, ok1 := parseNumber(rest[m[2]:m[3]])
		hi, _, ok2 := parseNumber(rest[m[4]:m[5]])
		if ok1 && ok2 && lo <= hi {
			c.add(spec.Condition{Field: field, Op: spec.OpGreaterOrEqual, Value: numberValue(lo)}, pos, pos+m[1])
			return spec.Condition{Field: field, Op: spec.OpLessOrEqual, Value: numberValue(hi)}, pos + m[1], true
		}
	}
	// "the amount was over 100k": a copula before a comparison says nothing
	if m := copulaRe.FindString(rest); m != "" {
		after := rest[len(m):]
		for _, ph := range opPhrases {
			if ph.op != spec.OpEquals && ph.op != spec.OpIn && strings.HasPrefix(after, ph.phrase) && (len(after) == len(ph.phrase) || !isWordByte(after[len(ph.phrase)]) || !isWordByte(ph.phrase[len(ph.phrase)-1])) {
				pos += len(m)
				rest = after
				break
			}
		}
	}
	for _, ph := range opPhrases {
		if !strings.HasPrefix(rest, ph.phrase) {
			continue
		}
		end := pos + len(ph.phrase)
		if end < len(c.low) && isWordByte(c.low[end]) && isWordByte(ph.phrase[len(ph.phrase)-1]) {
			continue
		}
		if !spec.OpTakesValue(ph.op) {
			return spec.Condition{Field: field, Op: ph.op}, end, true
		}
		cond := spec.Condition{Field: field, Op: ph.op}
		val, vend, ok := c.value(field, end, ph.op)
		if !ok {
			continue
		}
		cond.Value = val
		// "10 or less", "1,000,000 or more"
		after := c.low[vend:]
		if m := orMoreRe.FindString(after); m != "" && (ph.op == spec.OpEquals || ph.op == spec.OpGreaterThan) {
			cond.Op = spec.OpGreaterOrEqual
			vend += len(m)
		} else if m := orLessRe.FindString(after); m != "" && (ph.op == spec.OpEquals || ph.op == spec.OpLessThan) {
			cond.Op = spec.OpLessOrEqual
			vend += len(m)
		}
		if list, isList := val.([]any); isList {
			switch {
			case len(list) == 1:
				cond.Value = list[0]
			case cond.Op == spec.OpContains || cond.Op == spec.OpStartsWith:
				// "contains 'VP' or 'Chief'": either one
				var any []spec.Condition
				for _, v := range list {
					any = append(any, spec.Condition{Field: field, Op: cond.Op, Value: v})
				}
				return spec.Condition{Any: any}, vend, true
			case cond.Op == spec.OpEquals || cond.Op == spec.OpIn:
				cond.Op = spec.OpIn
			default:
				cond.Value = list[0]
			}
		} else if cond.Op == spec.OpIn {
			cond.Op = spec.OpEquals
		}
		if ph.op == spec.OpChangedFrom {
			// "changes from A to B"
			if m := leadingToRe.FindStringIndex(c.low[vend:]); m != nil {
				tail := c.low[vend+m[1]:]
				if !anyOtherValueRe.MatchString(tail) {
					if v2, e2, ok := c.value(field, vend+m[1], spec.OpChangedTo); ok {
						c.add(cond, pos, vend)
						return spec.Condition{Field: field, Op: spec.OpChangedTo, Value: v2}, e2, true
					}
				}
			}
		}
		return cond, vend, true
	}
	// "created with Status 'Responded'": a quoted value right after the
	// field is the value it has
	if m := quoteToken.FindStringIndex(rest); m != nil && m[0] == 0 {
		if val, vend, ok := c.value(field, pos, spec.OpEquals); ok {
			if list, isList := val.([]any); isList {
				if len(list) == 1 {
					return spec.Condition{Field: field, Op: spec.OpEquals, Value: list[0]}, vend, true
				}
				return spec.Condition{Field: field, Op: spec.OpIn, Value: val}, vend, true
			}
			return spec.Condition{Field: field, Op: spec.OpEquals, Value: val}, vend, true
		}
	}
	// "priority high or critical": a picklist value right after the field
	if picklistFields[field] {
		if w := strings.Fields(rest); len(w) > 0 {
			if _, ok := picklistValues[strings.Trim(w[0], ".,")]; ok {
				if val, vend, ok := c.value(field, pos, spec.OpEquals); ok {
					cond := spec.Condition{Field: field, Op: spec.OpEquals, Value: val}
					if list, isList := val.([]any); isList {
						cond.Op = spec.OpIn
						if len(list) == 1 {
							cond.Op, cond.Value = spec.OpEquals, list[0]
						}
					}
					return cond, vend, true
				}
			}
		}
	}
	return spec.Condition{}, 0, false
}

// backRefValues point back at a value named before instead of naming one.
var backRefValues = map[string]bool{"that": true, "this": true, "the same": true, "that same": true, "this same": true, "said": true}

// namedValueRe is a stage or status given its value in the request's own
// words: "the stage moving to Negotiation/Review", "status = Ready".
var namedValueRe = regexp.MustCompile(`(?i)\b(stage|status|priority)\b[^.;:!?\n]{0,20}?\b(?:to|=|is|of|as)\s+"?([A-Z][A-Za-z0-9/&-]*(?:\s+[A-Z][A-Za-z0-9/&-]*){0,3})`)

// namedValue is the value of the field kind ("stage") the request names
// with its value, or "" when it names none or several.
func (p *plan) namedValue(kind string) string {
	found := ""
	for _, m := range namedValueRe.FindAllStringSubmatch(p.request, -1) {
		if !strings.EqualFold(m[1], kind) || backRefValues[strings.ToLower(m[2])] {
			continue
		}
		if found != "" && found != m[2] {
			return ""
		}
		found = m[2]
	}
	return found
}

var valueStop = map[string]bool{
	"and": true, "or": true, "then": true, "with": true, "for": true, "on": true, "to": true, "from": true, "is": true,
	"are": true, "when": true, "while": true, "but": true, "so": true, "its": true, "it": true, "by": true, "at": true,
	"after": true, "before": true, "because": true, "since": true, "if": true, "unless": true, "also": true, "in": true,
	"we": true, "i": true, "please": true, "that": true, "which": true, "where": true, "only": true, "field": true,
	"of": true, "the": true, "a": true, "an": true, "has": true, "was": true, "should": true, "will": true,
	"within": true, "between": true, "next": true, "last": true, "around": true, "about": true, "not": true, "no": true, "any": true,
}

// value reads a condition value starting at pos.
func (c *condParser) value(field string, pos int, op string) (any, int, bool) {
	rest := c.low[pos:]
	trimmed := strings.TrimLeft(rest, " ")
	pos += len(rest) - len(trimmed)
	rest = trimmed
	if m := valueSkipRe.FindStringIndex(rest); m != nil && !strings.HasPrefix(rest, "q_") {
		if _, _, isNum := parseNumber(rest); !isNum {
			pos += m[1]
			rest = c.low[pos:]
		}
	}
	if m := quoteToken.FindStringSubmatchIndex(rest); m != nil && m[0] == 0 {
		v := c.p.unquote(rest[:m[1]])
		end := pos + m[1]
		// "'VP' or 'Chief'": a list of quoted values
		list := []any{v}
		for {
			n := quoteListRe.FindStringSubmatchIndex(c.low[end:])
			if n == nil {
				break
			}
			list = append(list, c.p.unquote(c.low[end+n[2]:end+n[3]]))
			end += n[1]
		}
		if len(list) > 1 {
			return list, end, true
		}
		return v, end, true
	}
	// "Closed - Not Converted", "Customer - Direct": a value with a dash;
	// "one of Existing Customer - Upgrade or Existing Customer - Downgrade":
	// a list of them
	if v, end, ok := c.dashedValue(pos); ok {
		list := []any{v}
		for {
			n := dashedListRe.FindStringIndex(c.orig[end:])
			if n == nil {
				break
			}
			next, e, ok := c.dashedValue(end + n[1])
			if !ok {
				break
			}
			list = append(list, next)
			end = e
		}
		if len(list) > 1 {
			return list, end, true
		}
		return v, end, true
	}
	if n, l, ok := parseNumber(rest); ok {
		if l < len(rest) && rest[l] == '%' {
			l++
		}
		return numberValue(n), pos + l, true
	}
	boolField := strings.HasPrefix(field, "Is") || strings.HasPrefix(field, "Has") || strings.HasSuffix(field, "__c")
	switch {
	case strings.HasPrefix(rest, "true"), boolField && (strings.HasPrefix(rest, "checked") || strings.HasPrefix(rest, "yes")):
		return true, pos + len(strings.Fields(rest)[0]), true
	case strings.HasPrefix(rest, "false"), boolField && strings.HasPrefix(rest, "unchecked"):
		return false, pos + len(strings.Fields(rest)[0]), true
	case strings.HasPrefix(rest, "checked"), strings.HasPrefix(rest, "unchecked"):
		return nil, 0, false
	}
	// "over 500,000 in Amount is created": the record's event, not a value
	if m := eventParticipleRe.FindString(rest); m != "" && c.orig[pos] >= 'a' && c.orig[pos] <= 'z' {
		return nil, 0, false
	}
	// words up to a stop word; lists for "in"
	ws := wordSpans(rest)
	var vals []string
	start, end, count := -1, -1, 0
	joined := false
	flush := func() {
		if start >= 0 {
			vals = append(vals, strings.TrimSpace(c.orig[pos+start:pos+end]))
		}
		start, end, count = -1, -1, 0
	}
	for i, w := range ws {
		word := strings.Trim(rest[w[0]:w[1]], ".!?()\"")
		sep := rest[func() int {
			if i == 0 {
				return 0
			}
			return ws[i-1][1]
		}():w[0]]
		if i > 0 && (strings.ContainsAny(sep, ".;(") || rest[w[0]] == '(') {
			// "Web or Email (the customer channels)": an aside ends the value
			break
		}
		if (word == "or" || strings.Contains(sep, ",") || word == "and") && start >= 0 {
			// a list continues only with a value-like word
			if word == "or" || word == "and" {
				if i+1 < len(ws) {
					nxt := rest[ws[i+1][0]:ws[i+1][1]]
					if v, _ := verbOf(nxt); (v != "" || c.startsField(rest[ws[i+1][0]:])) && !c.listedPicklistValue(field, rest, ws, i+1) || valueStop[nxt] || isObjectWord(nxt) {
						break
					}
				}
				flush()
				continue
			}
			// "one of Phone, Email or Web": a known value after the comma
			// goes on with the list though it is also a verb
			if v, _ := verbOf(word); v != "" && !c.listedPicklistValue(field, rest, ws, i) || valueStop[word] {
				break
			}
			if c.startsField(rest[w[0]:]) && !c.listedPicklistValue(field, rest, ws, i) {
				// "goes to Closed, Type is Onboarding": the next condition
				break
			}
			flush()
		}
		if valueStop[word] && start >= 0 && (word == "on" || word == "of" || word == "for" || word == "in" || word == "the" || word == "to" && op != spec.OpChangedFrom ||
			isUpperASCII(c.orig[pos+w[0]]) && word != "and" && word != "or") && i+1 < len(ws) {
			// "Waiting on Customer": a small word inside a capitalised
			// value; "Do Not Contact": a capitalised one
			first, next := c.orig[pos+start], c.orig[pos+ws[i+1][0]]
			if first >= 'A' && first <= 'Z' && next >= 'A' && next <= 'Z' && !(word == "in" && c.namesPlace(pos+ws[i+1][0])) {
				end = w[1]
				joined = true
				continue
			}
		}
		if start < 0 && valueStop[word] && i+1 < len(ws) && !determiners[word] && isUpperASCII(c.orig[pos+w[0]]) && isUpperASCII(c.orig[pos+ws[i+1][0]]) &&
			!strings.ContainsAny(rest[w[1]:ws[i+1][0]], ",;.") {
			// "is anything but Will Call": a capitalised value whose first
			// word is also a small word; the capitalised words after it
			// are part of it, verbs or not
			start, end, count, joined = w[0], w[1], 1, true
			continue
		}
		if valueStop[word] || word == "" {
			break
		}
		// "Ready to Ship": a capitalised word after a joining word is part
		// of the value even when it is also a verb
		if v, _ := verbOf(word); v != "" && start >= 0 && !(joined && c.orig[pos+w[0]] >= 'A' && c.orig[pos+w[0]] <= 'Z') {
			break
		}
		joined = false
		if count >= 4 {
			break
		}
		if start < 0 {
			start = w[0]
		}
		end = w[0] + len(strings.TrimRight(rest[w[0]:w[1]], ".,;:!?)]\"'"))
		if end == w[0] {
			end = w[1]
		}
		count++
		if strings.Contains(rest[w[0]:w[1]], ",") {
			end = w[0] + strings.Index(rest[w[0]:w[1]], ",")
			flush()
		}
	}
	consumed := end
	flush()
	if len(vals) == 0 {
		return nil, 0, false
	}
	if consumed < 0 {
		consumed = 0
	}
	_ = consumed
	lastEnd := pos
	if len(vals) > 0 {
		last := vals[len(vals)-1]
		if i := strings.Index(c.orig[pos:], last); i >= 0 {
			lastEnd = pos + i + len(last)
		}
	}
	if len(vals) == 1 {
		return c.picklist(field, vals[0]), lastEnd, true
	}
	var list []any
	for _, v := range vals {
		list = append(list, c.picklist(field, v))
	}
	return list, lastEnd, true
}

// namesPlace reports whether the words at pos name Salesforce or a known
// system: "flips to Activated in Salesforce (that's when ...)" is the value
// Activated and the place it changed, where "Waiting on Customer" is one
// value.
func (c *condParser) namesPlace(pos int) bool {
	if w := c.low[pos:]; strings.HasPrefix(w, "salesforce") || strings.HasPrefix(w, "sfdc") {
		return true
	}
	_, at, ok := c.p.findKnownSystem(c.orig[pos:], c.low[pos:])
	return ok && at == 0
}

// listedPicklistValue reports whether word k of rest is a known value of a
// picklist field that continues a list rather than starting a verb: "Origin
// Web or Email (the customer channels)", not "Web or email the owner".
func (c *condParser) listedPicklistValue(field, rest string, ws [][]int, k int) bool {
	if !picklistFields[field] {
		return false
	}
	if _, ok := picklistValues[strings.Trim(rest[ws[k][0]:ws[k][1]], ".,;:!?()")]; !ok {
		return false
	}
	if k+1 < len(ws) {
		switch strings.Trim(rest[ws[k+1][0]:ws[k+1][1]], ".,;:!?") {
		case "the", "a", "an", "them", "him", "her", "it", "us", "me", "our", "their", "its", "is", "isn't", "contains", "was", "has", "equals", "includes", "starts", "changes":
			// "Web or email the owner", "High or email is blank"
			return false
		}
	}
	return true
}

// startsField reports whether s starts with a field of the object: a list
// of values ends there ("High or origin Phone").
func (c *condParser) startsField(s string) bool {
	ws := strings.Fields(s)
	for n := min(3, len(ws)); n > 0; n-- {
		w := strings.Trim(strings.Join(ws[:n], " "), ".,;:!?'")
		if strings.HasSuffix(w, "__c") || c.object != "" && standardField(c.object, w) != "" {
			return true
		}
	}
	return false
}

// quoteListRe continues a list of quoted values.
var quoteListRe = regexp.MustCompile(`^\s*(?:,\s*(?:or\s+|and\s+)?|or\s+|and/or\s+)(q_\d+_q)`)

// dashedValue reads a value with " - " inside at pos: "Closed - Not
// Converted", "Customer - Direct".
func (c *condParser) dashedValue(pos int) (any, int, bool) {
	m := dashedValueRe.FindStringIndex(c.orig[pos:])
	if m == nil {
		return nil, 0, false
	}
	v := c.orig[pos : pos+m[1]]
	if pv, ok := picklistValues[strings.ToLower(v)]; ok {
		return pv, pos + m[1], true
	}
	if v[0] >= 'A' && v[0] <= 'Z' && strings.Contains(v, " - ") {
		if after := v[strings.Index(v, " - ")+3:]; after[0] >= 'A' && after[0] <= 'Z' {
			return v, pos + m[1], true
		}
	}
	return nil, 0, false
}

// dashedListRe joins two dashed values in a list: ", ", " or ", ", or ".
var dashedListRe = regexp.MustCompile(`^\s*(?:,\s*(?:or\s+|and\s+)?|or\s+|and/or\s+|/\s*)`)

// dashedValueRe is a value of words with " - " inside: "working - contacted".
var dashedValueRe = regexp.MustCompile(`^[A-Za-z][A-Za-z/]*(?: [A-Za-z][A-Za-z/]*)? - [A-Za-z][A-Za-z/]*(?: [A-Z][A-Za-z/]*| [Cc]onverted| [Cc]ontacted)?`)

// picklistFields are fields whose values are picklist entries and get
// Salesforce's spelling.
var picklistFields = map[string]bool{"StageName": true, "Status": true, "Priority": true, "Origin": true, "Type": true,
	"Industry": true, "Rating": true, "LeadSource": true, "Reason": true, "ForecastCategoryName": true, "Ownership": true}

func (c *condParser) picklist(field, v string) any {
	v = strings.Trim(strings.TrimSpace(v), ".,'\"")
	lv := strings.ToLower(v)
	if strings.HasPrefix(field, "Is") {
		switch lv {
		case "true", "yes", "checked":
			return true
		case "false", "no", "unchecked":
			return false
		}
	}
	if !picklistFields[field] && !strings.HasSuffix(field, "__c") {
		return v
	}
	if pv, ok := picklistValues[lv]; ok && (!strings.HasSuffix(field, "__c") || strings.ToLower(pv) == lv) {
		// a custom picklist keeps the value as written ("Urgent" is not
		// the standard Priority's "High"), only its case is fixed
		if field == "StageName" || !strings.HasPrefix(pv, "Closed ") {
			return pv
		}
	}
	if strings.ToLower(v) == v {
		return titleCase(v)
	}
	return v
}

func isObjectWord(w string) bool { _, ok := objectWords[w]; return ok }

var moneyRe = regexp.MustCompile(`(\$\s?\d[\d,]*(?:\.\d+)?\s?(?:k|m|mm|million|thousand)?\b|\b\d[\d,]*(?:\.\d+)?\s?(?:k|m|mm|million|thousand)\b|\b\d{1,3}(?:,\d{3})+\b|\b\d{4,}\b)(\+)?`)

var amountFields = map[string]string{"Opportunity": "Amount", "Account": "AnnualRevenue", "Lead": "AnnualRevenue",
	"Order": "TotalAmount", "Quote": "GrandTotal", "OpportunityLineItem": "TotalPrice", "Contract": "ContractTerm"}

// Patterns used by implicitAmount.
var (
	amountOrMoreRe = regexp.MustCompile(`^\s*(or more|or greater|or higher|or above|or over|and up|and above|and over)\b`)
	amountOrLessRe = regexp.MustCompile(`^\s*(or less|or lower|or under|or below|and under|and below|and less)\b`)
)

// implicitAmount reads "deals over $50k" as a condition on the amount.
func (c *condParser) implicitAmount() {
	field, ok := amountFields[c.object]
	if !ok || c.object == "Contract" {
		return
	}
	for _, m := range moneyRe.FindAllStringSubmatchIndex(c.low, -1) {
		if c.isUsed(m[0], m[1]) {
			continue
		}
		before := c.low[:m[0]]
		op := ""
		for _, ph := range opPhrases {
			if ph.op == spec.OpEquals || ph.op == spec.OpIn || !spec.OpTakesValue(ph.op) || strings.HasPrefix(ph.op, "changed") || ph.op == spec.OpContains || ph.op == spec.OpStartsWith || ph.op == spec.OpNotEquals {
				continue
			}
			if strings.HasSuffix(strings.TrimRight(before, " $"), " "+ph.phrase) || strings.TrimRight(before, " $") == ph.phrase {
				op = ph.op
				break
			}
		}
		if op == "" && (strings.HasSuffix(strings.TrimSpace(before), "worth") || strings.HasSuffix(strings.TrimSpace(before), "valued at") || m[4] >= 0) {
			op = spec.OpGreaterOrEqual
		}
		end := m[1]
		// "for $1,000 or more", "$500 or less": the bound said after the
		// amount, with no comparison before it
		if rm := amountOrMoreRe.FindStringIndex(c.low[end:]); rm != nil {
			op = spec.OpGreaterOrEqual
			end += rm[1]
		} else if rm := amountOrLessRe.FindStringIndex(c.low[end:]); rm != nil {
			op = spec.OpLessOrEqual
			end += rm[1]
		}
		if op == "" {
			continue
		}
		n, _, ok := parseNumber(strings.TrimSpace(c.low[m[2]:m[3]]))
		if !ok {
			continue
		}
		c.add(spec.Condition{Field: field, Op: op, Value: numberValue(n)}, m[0], end)
	}
}

// listedFieldRe is a custom picklist the request defines by its values:
// "a picklist field Appointment_Type__c with values like Cleaning, Crown,
// Root Canal". Submatches: the field, the values.
var listedFieldRe = regexp.MustCompile(`\b([A-Za-z][A-Za-z0-9_]*__c)\b[^.;:!?\n]{0,25}?\b(?:values?|options?)\s+(?:like|such\s+as|of|are|incl(?:uding|\.)?|e\.g\.?)?\s*:?\s*([A-Z][^.;!?\n()]{1,120})`)

// bareValueRe is a condition said by a value alone: "only for anything
// but Cleaning", "except Cleaning", "only for Crown". Submatches: the
// negation, the value.
var bareValueRe = regexp.MustCompile(`\b(?:(?:only\s+(?:for\s+)?)?(anything|everything|all)\s+(?:but|except|other\s+than)|(except(?:\s+for)?|but\s+not|excluding)|only\s+(?:for|if\s+it'?s|when\s+it'?s))\s+(?:the\s+)?(?:q_\d+_q|([A-Za-z][A-Za-z0-9 /-]{1,30}?))(?:\s+(?:ones?|appointments?|types?|records?))?\s*(?:[.,;)!?]|\s+(?:and|or|so|because|since|-)\b|$)`)

// listedValues reads a condition said by a value alone, when the value is
// one the request listed for a custom picklist.
func (c *condParser) listedValues() {
	defs := listedFieldRe.FindAllStringSubmatch(c.p.request, -1)
	if len(defs) == 0 {
		return
	}
	for _, m := range bareValueRe.FindAllStringSubmatchIndex(c.orig, -1) {
		if m[6] < 0 || c.isUsed(m[0], m[1]) {
			continue
		}
		val := strings.TrimSpace(c.orig[m[6]:m[7]])
		field := ""
		for _, d := range defs {
			for _, v := range splitList(d[2]) {
				if strings.EqualFold(strings.TrimSpace(v), val) {
					if field != "" && field != d[1] {
						return // the value is listed for two fields
					}
					field, val = d[1], strings.TrimSpace(v)
				}
			}
		}
		if field == "" {
			continue
		}
		op := spec.OpEquals
		if m[2] >= 0 || m[4] >= 0 {
			op = spec.OpNotEquals
		}
		c.add(spec.Condition{Field: field, Op: op, Value: val}, m[0], m[1])
	}
}

func (c *condParser) adjectives() {
	for _, a := range adjectives {
		if a.object != c.object {
			continue
		}
		for _, w := range a.words {
			if i := findWord(c.low, w, 0); i >= 0 && !c.isUsed(i, i+len(w)) {
				c.add(a.cond, i, i+len(w))
				break
			}
		}
	}
}

// statusMoveBeforeRe is a verb of progress just before a word: "goes to ".
var statusMoveBeforeRe = regexp.MustCompile(`(?:` + statusMoveRe + `)\s+$`)

// statusValueMove reports whether the word at c.orig[a:b] is a value of the
// object's status picklist, capitalised after a verb of progress: "a case
// goes to Escalated" moves Status to the value, where "a case is escalated"
// is the lifecycle (IsEscalated).
func (c *condParser) statusValueMove(a, b int) bool {
	if a >= len(c.orig) || c.orig[a] < 'A' || c.orig[a] > 'Z' || !statusMoveBeforeRe.MatchString(c.low[:a]) {
		return false
	}
	for _, v := range statusFlows[c.object].values {
		if strings.EqualFold(v, c.orig[a:b]) {
			return true
		}
	}
	return false
}

func (c *condParser) lifecycles() {
	for _, l := range lifecycles {
		if l.object != "" && l.object != c.object {
			continue
		}
		if l.object == "" && !hasStatusField(c.object) {
			continue
		}
		if l.cond.Field == "IsClosed" {
			closed := false
			for _, x := range c.conds {
				if x.Field == "StageName" {
					closed = true
				}
			}
			if closed {
				continue
			}
		}
		for _, w := range l.words {
			i := findWord(c.low, w, 0)
			if i < 0 || c.isUsed(i, i+len(w)) || c.statusValueMove(i, i+len(w)) {
				continue
			}
			done := -1
			for k, x := range c.conds {
				if x.Field == l.cond.Field || len(x.Any) > 0 && x.Any[0].Field == l.cond.Field {
					done = k
				}
			}
			switch {
			case done < 0:
				c.add(l.cond, i, i+len(w))
				c.lifeAt = append(c.lifeAt, span{i, i + len(w)})
			case c.orJoined(i) && c.conds[done].Value != l.cond.Value:
				// "closed won or closed lost": either one
				prev := c.conds[done]
				if len(prev.Any) == 0 {
					prev = spec.Condition{Any: []spec.Condition{prev}}
				}
				prev.Any = append(prev.Any, l.cond)
				c.conds[done] = prev
				c.used = append(c.used, span{i, i + len(w)})
			}
			break
		}
	}
}

func hasStatusField(object string) bool {
	switch object {
	case "Case", "Lead", "Order", "Contract", "Quote", "Task", "Asset", "Campaign", "WorkOrder", "ServiceAppointment":
		return true
	}
	return strings.HasSuffix(object, "__c")
}

// eventParticipleRe is a record event where a value could stand: "... in
// Amount is created".
var eventParticipleRe = regexp.MustCompile(`^(?:created|updated|deleted|undeleted|inserted|saved|edited|modified|changed)\b`)

// isUpperASCII reports whether b is a capital letter.
func isUpperASCII(b byte) bool { return b >= 'A' && b <= 'Z' }
