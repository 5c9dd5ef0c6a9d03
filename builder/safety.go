package builder

import (
	"regexp"
	"strings"
)

// secretPatterns match credentials that look like credentials on their own.
var secretPatterns = []*regexp.Regexp{
	regexp.MustCompile(`\b(?:sk|pk|rk)_(?:live|test)_[A-Za-z0-9]{4,}\b`),
	regexp.MustCompile(`\bwhsec_[A-Za-z0-9]{6,}\b`),
	regexp.MustCompile(`\bxox[abprs]-[A-Za-z0-9-]{6,}\b`),
	regexp.MustCompile(`\bgh[pousr]_[A-Za-z0-9]{12,}\b`),
	regexp.MustCompile(`\bgithub_pat_[A-Za-z0-9_]{12,}\b`),
	regexp.MustCompile(`\bAKIA[0-9A-Z]{16}\b`),
	regexp.MustCompile(`\bAIza[0-9A-Za-z_-]{30,}\b`),
	regexp.MustCompile(`\bSG\.[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\b`),
	regexp.MustCompile(`\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*`),
	regexp.MustCompile(`-----BEGIN [A-Z ]*PRIVATE KEY-----[^-]*(-----END [A-Z ]*PRIVATE KEY-----)?`),
	regexp.MustCompile(`(?i)\bbearer\s+[A-Za-z0-9._~+/=-]{12,}`),
	regexp.MustCompile(`(?i)\bbasic\s+[A-Za-z0-9+/=]{12,}`),
	regexp.MustCompile(`[A-Za-z][A-Za-z0-9+.-]*://[^/\s:@]+:[^/\s@]+@`),
	// incoming-webhook URLs carry their secret in the path
	regexp.MustCompile(`(?i)https?://hooks\.slack\.com/(?:services|workflows|triggers)/[A-Za-z0-9/_-]+`),
	regexp.MustCompile(`(?i)https?://(?:[a-z]+\.)?discord(?:app)?\.com/api/webhooks/[A-Za-z0-9/_-]+`),
	regexp.MustCompile(`(?i)https?://[a-z0-9.-]*webhook\.office\.com/[^\s"'<>]+`),
	regexp.MustCompile(`(?i)https?://[a-z0-9.-]*logic\.azure\.com[^\s"'<>]*[?&]sig=[^\s"'<>&]+`),
	// credentials in a URL's query string
	regexp.MustCompile(`(?i)[?&](?:token|api_?key|apikey|access_token|auth|secret|sig|signature|password|pwd|key)=[^&\s"'<>]{6,}`),
}

// secretAfterWord matches a value introduced as a secret: "api key is X",
// "password: X", "token=X".
var secretAfterWord = regexp.MustCompile(`(?i)\b(?:api[ _-]?key|apikey|access[ _-]?key|secret(?:[ _-]?key)?|client[ _-]?secret|signing[ _-]?secret|webhook[ _-]?secret|password|passwd|pwd|passcode|token|access[ _-]?token|auth[ _-]?token|bearer[ _-]?token|credentials?|key)\b(?:\s+(?:is|was|=|of|should be|will be|here is|:))?\s*[:=]?\s*[` + "`" + `'"]?([^\s'"` + "`" + `,;]{6,})`)

// userPassRe is a user name and a password given together after an auth
// word: "basic auth with admin@acme.com / S3cret!", "login: bob:hunter22".
var userPassRe = regexp.MustCompile(`(?i)\b(?:auth(?:entication)?|creds|credentials|login|log ?in|sign ?in|user(?:name)?|account)\b[^\n;]{0,40}?\s([^\s/:|]+)\s*(?:/|:|\|)\s*([^\s'"` + "`" + `]{6,})`)

var introducedRe = regexp.MustCompile(`(?i)\s(is|was|should be|will be)\s`)

// longToken matches long opaque strings mixing letters and digits.
var longToken = regexp.MustCompile(`\b[A-Za-z0-9][A-Za-z0-9_]{23,}\b`)

// maskSecrets removes credentials from text and reports whether it found any.
func maskSecrets(text string) (string, bool) {
	found := false
	for _, re := range secretPatterns {
		if re.MatchString(text) {
			found = true
			text = re.ReplaceAllString(text, " ")
		}
	}
	text = secretAfterWord.ReplaceAllStringFunc(text, func(m string) string {
		sub := secretAfterWord.FindStringSubmatch(m)
		v := sub[1]
		introduced := strings.ContainsAny(m[:len(m)-len(v)], ":=") || introducedRe.MatchString(m[:len(m)-len(v)])
		if !looksSecret(v) && !(introduced && !commonWord(v)) {
			return m
		}
		found = true
		if strings.HasSuffix(v, ".") {
			return m[:len(m)-len(v)] + "."
		}
		return m[:len(m)-len(v)]
	})
	// "basic auth with admin@acme.com / S3cretPassw0rd!": a user, then its password
	text = userPassRe.ReplaceAllStringFunc(text, func(m string) string {
		sub := userPassRe.FindStringSubmatchIndex(m)
		v := strings.TrimRight(m[sub[4]:sub[5]], ".,;)")
		if !looksSecret(v) || commonWord(v) || strings.Contains(v, "/") || methodRe.MatchString(strings.ToUpper(m[sub[2]:sub[3]])) {
			return m
		}
		found = true
		return m[:sub[4]] + m[sub[4]+len(v):]
	})
	text = longToken.ReplaceAllStringFunc(text, func(m string) string {
		if strings.HasSuffix(m, "__c") || strings.HasSuffix(m, "__e") || !hasDigitAndLetter(m) {
			return m
		}
		found = true
		return " "
	})
	return text, found
}

// looksSecret reports whether a word after "key is" or "password:" is a
// credential rather than ordinary prose ("key is stored", "token in the
// header").
func looksSecret(v string) bool {
	v = strings.TrimRight(v, ".")
	lv := strings.ToLower(v)
	switch lv {
	case "stored", "required", "needed", "header", "authorization", "bearer", "provided", "available", "entered",
		"configured", "rotated", "secret", "missing", "expired", "valid", "invalid", "attached", "included", "passed",
		"somewhere", "already", "instead", "because", "should", "through", "header.", "value", "field":
		return false
	}
	if strings.HasSuffix(lv, "__c") || strings.HasPrefix(v, "/") || strings.HasPrefix(lv, "x-") || strings.HasPrefix(lv, "q_") {
		return false
	}
	if hasDigitAndLetter(v) || strings.ContainsAny(v, "!@#$%^&*+=") {
		return true
	}
	return len(v) >= 16
}

// commonWord reports whether a word after "key is" is prose, not a value.
func commonWord(v string) bool {
	switch strings.ToLower(strings.TrimRight(v, ".")) {
	case "stored", "required", "needed", "header", "authorization", "bearer", "provided", "available", "entered",
		"configured", "rotated", "secret", "missing", "expired", "valid", "invalid", "attached", "included", "passed",
		"somewhere", "already", "instead", "because", "should", "through", "value", "field", "managed", "handled",
		"different", "required.", "optional", "always", "never", "created", "generated", "issued", "shared", "inside",
		"within", "sent", "per", "the", "our", "their", "your", "same", "unique", "named", "called", "labelled":
		return true
	}
	return false
}

func hasDigitAndLetter(s string) bool {
	d, l := false, false
	for _, c := range s {
		switch {
		case c >= '0' && c <= '9':
			d = true
		case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
			l = true
		}
	}
	return d && l
}

// refusals are requests that destroy data or weaken security. A row with
// also refuses only when the request matches that too, anywhere in it:
// what a request says in one sentence it may qualify in the next.
var refusals = []struct {
	re     *regexp.Regexp
	also   *regexp.Regexp
	reason string
}{
	// an endpoint that hands out records, and, anywhere in the request,
	// open to anyone: "A public endpoint shall be exposed at /x that returns
	// all Contacts ... No authentication shall be required."
	{re: recordEndpointRe, also: openAccessRe, reason: "it exposes Salesforce data without authentication"},
	// sensitive fields sent out, and, anywhere in the request, the place
	// takes them without credentials: "send the patient's date of birth, SSN
	// and diagnosis codes to this apps script URL ... It doesn't have any
	// auth on it (set to 'anyone can access')"
	{re: sensitiveSentRe, also: openAccessRe, reason: sensitiveReason},
	{re: regexp.MustCompile(`\b(delete|deletes|deleting|remove|removes|removing|wipe|wipes|wiping|purge|purges|purging|erase|erases|erasing|destroy|destroys|truncate|truncates|drop|drops|clear out|clears out|nuke|nukes)\b[^.;]{0,40}\b(all|every|entire|whole|everything)\b`),
		reason: "it deletes records in bulk; bulk deletion belongs in a reviewed data-management process, not an integration"},
	{re: regexp.MustCompile(`\b(mass|bulk)[- ]?delet`), reason: "it deletes records in bulk"},
	// "get rid of every contact that bounced", "wipe the Case table", "archive all closed cases"
	{re: regexp.MustCompile(`\b(get rid of|wipe|wipes|purge|purges|nuke|hard[- ]?delete\w*|erase|destroy|truncate|archive|archives|clean out|clear out|clean up|scrub)\b[^.;]{0,30}\b(all|every|each|entire|whole|table|tables|database|everything|en masse|in bulk)\b`),
		reason: bulkDeleteReason},
	// sensitive data sent somewhere anyone can read it
	{re: regexp.MustCompile(`\b(ssns?|social security( numbers?)?|dates? of birth|birth ?dates?|dob|bank account( numbers?)?|routing numbers?|card numbers?|credit cards?( numbers?)?|passwords?|diagnos[ie]s|medical (records?|history|data)|health (data|records?|information))\b[^\n]{0,120}\b(webhook\.site|requestbin|pipedream|beeceptor|hookbin|postb\.in|requestcatcher|mockbin|pastebin|hooks\.zapier\.com|zapier (?:catch )?(?:web)?hooks?|hook\.[a-z0-9]+\.make\.com|ngrok|(no|without)\s+(any\s+|an?\s+)?(auth\w*|login|credentials|token|api key)|unauthenticated|publicly)\b`),
		reason: sensitiveReason},
	// card security codes may not be kept or passed on at all (PCI DSS)
	{re: regexp.MustCompile(`\b(cvv2?|cvc2?|card (?:security|verification) (?:code|value)s?)\b`),
		reason: "it passes on card security codes (CVV), which PCI DSS forbids storing or sending after authorization"},
	// a public endpoint that hands out records
	{re: regexp.MustCompile(`\b(anyone|anybody|public|publicly|anonymous\w*|unauthenticated)\b[^.;]{0,60}\b(no|without)\s+(any\s+|an?\s+)?(auth\w*|login|log-in|credentials|password|token|api key)\b|\b(no|without)\s+(any\s+|an?\s+)?(auth\w*|login|log-in|credentials|token|api key)\b[^.;]{0,60}\b(returns?|lists?|exposes?|serves?|gives?|hands? out|dumps?)\b`),
		reason: "it exposes Salesforce data without authentication"},
	{re: regexp.MustCompile(`(^|[.;!?]\s*|,\s*|\b(and|then|to|night|day|week|month|hour|nightly|daily|weekly|monthly)\s+)(delete|purge|remove|wipe|erase|destroy|clean out|clear out|nuke)\s+(any|old|older|stale|inactive|unused|duplicate|closed|the old|these|those|them all)?\s*[a-z ]{0,20}?\b(records|leads|contacts|accounts|cases|opportunities|deals|tasks|orders|users|data)\b[^.;]{0,40}\b(older|before|than|from|with|where|that|which|in salesforce|$)`),
		reason: bulkDeleteReason},
	{re: regexp.MustCompile(`\b(turn(ing)? off|disabl\w*|switch(ing)? off|remov\w*|bypass\w*|ignor\w*|skip\w*|circumvent\w*|get around|overrid\w*|deactivat\w*|relax\w*|loosen\w*|weaken\w*|open(ing)? up|work around)\b[^.;]{0,40}\b(field[- ]level security|fls|sharing( rules| settings)?|security|permission sets?|permissions|profiles?|crud|object[- ]level|validation rules?|mfa|2fa|two[- ]factor|multi[- ]factor|login ip|ip restrictions?|encryption|audit trail|field history)\b`),
		reason: "it weakens Salesforce's security (sharing, field-level security, permissions or authentication); generated code always runs with sharing and in user mode"},
	{re: regexp.MustCompile(`\bwithout sharing\b|\bignor\w* sharing\b|\bsystem mode\b|\bmodify all data\b|\bview all data\b|\bsystem administrator profile\b`),
		reason: "it asks for code that ignores sharing or grants blanket data access; generated code always runs with sharing and in user mode"},
	{re: regexp.MustCompile(`\b(give|grant|make)\b[^.;]{0,30}\b(system admin|sys admin|administrator|full access|all permissions)\b`),
		reason: "it grants blanket administrative access"},
	{re: regexp.MustCompile(`\b(give|grant|open)\b[^.;]{0,20}\b(everyone|everybody|all users|anyone|the public|guests?)\b[^.;]{0,30}\b(access|permission|permissions|rights)\b`),
		reason: "it grants everyone access to data regardless of sharing"},
	{re: regexp.MustCompile(`\b(public|publicly|anonymous\w*|anyone)\b[^.;]{0,40}\b(no|without)\s+(any\s+)?(auth|authentication|login|credentials|password)\b|\b(no|without)\s+(any\s+)?(auth|authentication|login|credentials|password)\b[^.;]{0,40}\b(public|publicly|anyone|anonymous\w*)\b`),
		reason: "it exposes Salesforce data without authentication"},
	{re: regexp.MustCompile(`\b(expos\w*|shar\w*|open\w*|mak\w*|publish\w*)\b[^.;]{0,50}\b(publicly|to anyone|to the (public|internet|world)|anonymous\w*|unauthenticated|guest users?|without (any )?(auth|authentication|login))\b`),
		reason: "it exposes Salesforce data without authentication"},
	{re: regexp.MustCompile(`\b(no|without( any)?) (auth|authentication|login|credentials)\b[^.;]{0,40}\b(read|access|query|export|download|see)\b`),
		reason: "it exposes Salesforce data without authentication"},
	{re: regexp.MustCompile(`\b(export|send|copy|dump|email)\b[^.;]{0,30}\b(all|every)\b[^.;]{0,20}\b(passwords?|credentials|tokens|secrets)\b`),
		reason: "it exports credentials"},
	{re: regexp.MustCompile(`\b(ssns?|social security( numbers?)?|credit card( numbers?)?|card numbers|passwords?|bank account numbers?|medical records|health records)\b[^.;]{0,60}\b(public|publicly|anyone|everyone|the internet|anonymous\w*)\b|\b(public|publicly|anyone|everyone)\b[^.;]{0,60}\b(ssns?|social security( numbers?)?|credit card( numbers?)?|card numbers|bank account numbers?|medical records|health records)\b`),
		reason: "it exposes sensitive personal data publicly"},
}

const sensitiveReason = "it sends sensitive personal data (identity numbers, birth dates, financial, password or health data) somewhere without authentication or to a public capture service"

// sensitiveSentRe is sensitive personal data sent, posted or pushed out:
// "send the patient's full name, date of birth, SSN and diagnosis codes to".
var sensitiveSentRe = regexp.MustCompile(`\b(?:send|sends|sending|post|posts|posting|push|pushes|pushing|forward|forwards|forwarding|stream|streams|pipe|pipes|copy|copies|feed|feeds|export|exports)\b[^.;!?]{0,80}\b(?:ssns?|social security(?: numbers?)?|dates? of birth|birth ?dates?|dob|bank account(?: numbers?)?|routing numbers?|card numbers?|credit cards?(?: numbers?)?|passwords?|diagnos[ie]s(?: codes?)?|medical (?:records?|history|data)|health (?:data|records?|information))\b`)

const bulkDeleteReason = "it deletes Salesforce records in bulk; a spec cannot delete records, and bulk deletion belongs in a reviewed data-management process"

// recordEndpointRe is an inbound endpoint that returns, lists or exposes
// records: "an endpoint at /public/accounts that returns all Accounts",
// "a REST resource listing the open cases".
var recordEndpointRe = regexp.MustCompile(`(?:\b(?:endpoints?|end points?|api|rest (?:resource|service)|web ?service|url|feed)\b|\b(?:expose|exposes|exposing|publish|open up|serve)\s+(?:an?\s+|the\s+)?(?:get\s+|post\s+)?/[a-z0-9_/{}-]+)[^.;]{0,80}\b(returns?|returning|lists?|listing|exposes?|exposing|serves?|serving|gives? out|hands? out|dumps?|shows?|publishes)\b[^.;]{0,60}\b(records?|data|accounts?|contacts?|leads?|cases?|opportunit(?:y|ies)|opps?|oppt(?:y|ies)|deals?|customers?|orders?|invoices?|users?|emails?|phone numbers?|addresses|pipeline)\b`)

// openAccessRe says callers need no credentials: "no authentication or
// signature check shall be required", "to any caller", "unauthenticated".
var openAccessRe = regexp.MustCompile(`\bno (?:auth|authentication|login|credentials)\b(?: (?:on|for) (?:it|them|this|that|the endpoint))|\bno (?:auth|authentication|login|credentials|api keys?|password)\s*(?:pls|please|plz|needed|required|[,.;!]|$)|\b(?:no|without(?: any)?|not require (?:any|an?)?)\s*(?:auth\w*|login|log-in|credentials|password|token|api key|signature(?: check)?|verification)\b[^.;]{0,40}\b(?:required|needed|necessary|checks?|at all)\b|\bwithout (?:any )?(?:auth\w*|login|credentials|an? api key|an? token)\b|\b(?:to|for|by) (?:any|every) (?:caller|client|visitor|partner|one)\b|\b(?:anyone|anybody)(?: with (?:the|a|that) (?:link|url))? (?:can|may|could)\b|\bunauthenticated\b|\b(?:doesn'?t|does not|don'?t|do not|won'?t|will not)\s+(?:have|need|require|use|check|ask for)\s+(?:any\s+|an?\s+)?(?:auth\w*|login|log-in|credentials|password|token|api key)\b|\bpublicly (?:accessible|available|reachable|open)\b|\bopen to (?:the )?(?:public|internet|world|anyone)\b`)

// refusal returns why a request is refused, or "".
func refusal(low string) string {
	for _, r := range refusals {
		m := r.re.FindStringIndex(low)
		if m == nil || r.also != nil && !r.also.MatchString(low) {
			continue
		}
		if r.reason == bulkDeleteReason {
			// "remove the closed cases from the Zendesk view" acts elsewhere
			end := strings.IndexAny(low[m[0]:], ".;!?")
			if end < 0 {
				end = len(low) - m[0]
			}
			sentence := low[m[0] : m[0]+end]
			if _, _, known := (&plan{}).findKnownSystem(sentence, sentence); known {
				continue
			}
		}
		return "I can't build this because " + r.reason + "."
	}
	return ""
}

// unsupported are things a spec cannot express; the planner asks instead.
var unsupported = []struct {
	re       *regexp.Regexp
	question string
}{
	{regexp.MustCompile(`\b(jdbc|odbc|sql server|mysql|postgres(ql)?|oracle database|oracle db|database directly|directly to (our|the|their|an?)\b[^.;]{0,30}\b(database|db)|on[- ]prem(ise)?s?\b[^.;]{0,20}\b(database|db)|stored procedures?|sql quer(y|ies)|tables? directly)\b`),
		"Salesforce can only reach other systems over HTTPS APIs, not by connecting to a database. Is there an HTTPS API in front of that database that Salesforce could call, and which records should it read or write?"},
	{regexp.MustCompile(`\b(s?ftp|file share|network share|shared drive|csv files?|excel files?)\b`),
		"A spec moves data over HTTPS APIs, not files. Is there an API that serves or accepts this data, and what should trigger the transfer?"},
	// a system only a local network reaches: "Tally is hosted on their
	// local server only", "it runs behind our firewall"
	{regexp.MustCompile(`\b(?:hosted|running|runs|installed|sits|lives|deployed)\s+(?:only\s+)?on\s+(?:their|our|a|the|its)\s+(?:own\s+)?(?:local|internal|on[- ]prem(?:ise)?s?|in-house|office)\s+(?:server|machine|pc|computer|network|lan)s?\b|\bbehind\s+(?:our|their|the|a)\s+(?:corporate\s+|company\s+)?firewall\b|\bnot\s+(?:reachable|accessible|exposed|available)\s+(?:from|to|on|over)\s+the\s+(?:internet|public\s+internet|outside)\b`),
		"Salesforce can only call systems it reaches over the internet by HTTPS, and this one is said to run on a local network only. Is there a public HTTPS endpoint (or a gateway in front of it) that Salesforce could call, and what should start the transfer?"},
	{regexp.MustCompile(`\b(screen[- ]?scrap\w*|scrape|scraping)\b`),
		"A spec can call APIs but not scrape web pages. Does the site offer an API?"},
}

// vagueLoose are phrases that leave the integration undefined unless the
// request goes on to say what starts it and what it does ("hook up Twilio
// so when a case is closed we text the contact").
var vagueLoose = regexp.MustCompile(`\b(talk to|talk with|hook(?:ed|ing)? (?:it |them )?up|hook up)\b`)

// somehowRe is "somehow" in a request: "connect it to our ERP somehow"
// leaves the integration undefined, but a story told in passing ("and
// somehow Salesforce ended up being the glue") does not.
var (
	somehowRe          = regexp.MustCompile(`\bsomehow\b`)
	somehowNarrativeRe = regexp.MustCompile(`\bsomehow\s+(?:[a-z]+\s+){0,2}(?:ended|ends|got|became|turned|wound|managed|has|had|was|were|is|are)\b`)
)

// vagueSomehow reports whether low uses "somehow" for what to build.
func vagueSomehow(low string) bool {
	return somehowRe.MatchString(low) && len(somehowRe.FindAllString(low, -1)) > len(somehowNarrativeRe.FindAllString(low, -1))
}

// vague are phrases that leave the integration undefined.
var vague = regexp.MustCompile(`\bsomething (important|interesting|relevant|happens|changes)\b|\b(anything|stuff) (happens|changes)\b|\bthe (right|relevant|appropriate) (people|person|team|folks)\b|\b(some stuff|do stuff|do the needful|make it work|do something|do the usual|the usual stuff)\b`)

// hedgeRe is a request that has not made up its mind: "maybe when X,
// maybe when Y", "possibly X, or perhaps Y", "we haven't decided", "not
// sure whether", "still debating", "every few minutes".
var hedgeRe = regexp.MustCompile(`\b(?:maybe|possibly|perhaps)\b[^.;!?]{0,80}\b(?:maybe|possibly|perhaps)\b|\b(?:haven'?t|have not|hasn'?t|has not|not yet) (?:decided|made up (?:our|my|their) minds?|settled)\b|\b(?:not sure|unsure|undecided|tbd)\b[^.;!?]{0,20}\b(?:whether|if|which|when)\b|\beither\b[^.;!?]{0,60}\bor\b[^.;!?]{0,60}\b(?:not sure|undecided|tbd|whichever)\b` +
	// a decision a ticket leaves open: "Direction TBD", "definition of ready still open", "frequency not yet agreed"
	`|\b(?:tbd|tbc|to be (?:decided|confirmed|agreed|defined|determined))\b|\b(?:still|remains?|is)\s+open\s+(?:with|to|for|between)\b|\bnot\s+(?:yet\s+)?(?:agreed|defined|finali[sz]ed|confirmed)\b` +
	// a choice still being made: "still debating", "up for discussion"
	`|\bstill\s+(?:debating|deciding|discussing|figuring|working\s+(?:it\s+)?out|thinking\s+about)\b|\bup\s+for\s+(?:debate|discussion)\b` +
	// a choice nobody has made: "honestly not decided", "nobody will commit", "they can't agree on which"
	`|(?:^|[.;:,!?-]\s*|\b(?:honestly|frankly|still|really|just|also|it's|it is|that's|that is|this is|which is|so far)\s+)not\s+(?:yet\s+)?decided\b|\b(?:not|isn'?t|is not)\s+decided\s+yet\b` +
	`|\b(?:hasn'?t|has not|haven'?t|have not|not yet)\s+been\s+decided\b|\b(?:we|they|i)\s+(?:still\s+)?(?:haven'?t|have not)\s+(?:yet\s+|actually\s+|really\s+|even\s+|officially\s+|quite\s+)*(?:picked|chosen|selected|settled on)\b|\bwhichever\s+(?:one\s+)?(?:we|they|you|finance|it)\s+(?:end\s+up\s+(?:with|picking|choosing)|go\s+with|pick|choose|decide\s+on)\b|\btorn\s+between\b|\b(?:is|are|remains?|still|currently)\s+undecided\b|\b(?:nobody|no one|no-one)\s+(?:will|wants to|is willing to|can|has)\s+(?:commit|committed|decide|decided|agree|agreed)\b|\b(?:can'?t|cannot|could not|couldn'?t)\s+(?:agree|decide)\s+(?:on|which|whether|between|if)\b` +
	// the timing left to the builder: "idk exactly when it should happen, whenever makes sense to you guys"
	`|\b(?:idk|dunno|i\s+don'?t\s+know|i\s+do\s+not\s+know|no\s+idea)\s+(?:exactly\s+|really\s+)?(?:when|how\s+often)\b|\bwhenever\s+(?:it\s+)?makes\s+(?:the\s+most\s+)?sense\b` +
	// two alternatives offered: "when it is won or maybe when it is invoiced"
	`|\bor\s+(?:maybe|possibly|perhaps)\s+(?:when|whenever|if|once|every|each|on|at|in|to|via|the|a|an)\b` +
	// a thread whose disagreement nobody settles: "not sure that's true", "let's see"
	`|\bnot\s+sure\s+(?:that'?s|that\s+is|this\s+is|it'?s)\s+(?:true|right|correct|the\s+case)\b|\blet'?s\s+(?:see|discuss|talk)\b[^a-z]*$` +
	// a change that may or may not happen: "we might switch, or might not",
	// "we may or may not move to NetSuite"
	`|\b(?:might|may)\s+or\s+(?:might|may)\s+not\s+` + decisionVerbs + `|\b(?:might|may)\s+` + decisionVerbs + `[^.;!?]{0,40}?,?\s+or\s+(?:might|may)\s+not\b` +
	// the target left to the builder: "build it for whichever one", "send it
	// to whichever system we pick"
	`|\b(?:for|in|to|into|with|on)\s+whichever\s+(?:one|system|tool|app|platform|of\s+(?:them|the\s+two)|we\s+(?:pick|choose|go\s+with|end\s+up))\b` +
	// a second direction or source offered: "or maybe klaviyo has stuff we'd
	// want back", "or perhaps marketing wants ..."
	`|\bor\s+(?:maybe|possibly|perhaps)\s+(?:[a-z0-9]+\s+){1,2}(?:has|have|could|should|would|wants?|needs?)\b` +
	// which system is not known yet: "I am genuinely not certain which of
	// the two will be live", "it may be one, the other, or both"
	`|\b(?:not\s+(?:\w+\s+)?(?:certain|sure|clear)|uncertain|unclear)\s+(?:yet\s+)?(?:which|whether)\b|\bone,?\s+the\s+other,?\s+or\b[^.;!?]{0,30}\bboth\b` +
	// a clause the writer shrugs off: "like email engagement, idk."
	`|[,;(-]\s*(?:idk|dunno|i\s+(?:don'?t|do\s+not)\s+know)\s*(?:[.!?)]|$)`)

// decisionVerbs are what a team may or may not do about its tools:
// "we might switch", "may or may not move to Xero".
const decisionVerbs = `(?:switch|change|move|go|use|keep|stay|migrate|replace|drop|add|adopt|buy)\w*`

// otherCadence reports whether every vague interval in low tells how often
// something else runs ("a score our health model writes to every few
// hours") while the request has a trigger of its own outside it, so the
// interval is no schedule to ask about.
func otherCadence(low string) bool {
	for _, m := range vagueIntervalRe.FindAllStringIndex(low, -1) {
		start := strings.LastIndexAny(low[:m[0]], ".;!?\n") + 1
		if sm := otherCadenceRe.FindStringSubmatch(low[start:m[0]]); sm == nil || writerWords[sm[1]] {
			// "we push them every few hours" is the flow's own schedule
			return false
		}
		end := m[1] + strings.IndexAny(low[m[1]:]+".", ".;!?\n")
		if !hasTriggerCue(low[:start] + " " + low[end:]) {
			return false
		}
	}
	return true
}

// writerWords are the writer's side as a subject.
var writerWords = map[string]bool{"we": true, "i": true, "you": true, "u": true, "us": true,
	// not a subject at all: "... and send them to X every few hours"
	"and": true, "then": true, "or": true, "to": true, "please": true, "pls": true, "also": true, "just": true,
	"can": true, "should": true, "will": true, "must": true}

// otherCadenceRe ends in something other than the flow doing its work
// (submatch: the subject):
// "that our health model writes to", "which the warehouse syncs", "the
// scoring job runs".
var otherCadenceRe = regexp.MustCompile(`\b([a-z]+)\s+(?:(?:also|only|usually|automatically|already)\s+)?(?:writes?|updates?|runs?|syncs?|refreshes|refresh|recalculates?|recomputes?|changes?|imports?|exports?|pushes|push|sends?|posts?|drops?|uploads?)(?:\s+[a-z0-9_]+){0,3}\s*$`)

// vagueIntervalRe is a schedule whose interval is not given: "every few
// minutes", "hourly-ish", "every now and then".
var vagueIntervalRe = regexp.MustCompile(`\bevery\s+(?:few|couple(?:\s+of)?|several|some|so\s+many)\s+(?:minutes?|mins?|hours?|hrs?|days?|weeks?)\b|\b(?:minutes?|mins?|hours?|hourly|daily|nightly|weekly|days?)-?ish\b|\bevery\s+so\s+often\b|\bevery\s+now\s+and\s+(?:then|again)\b|\bfrom\s+time\s+to\s+time\b`)

// syncWithRe is "sync X with Y", which names no direction by itself.
var syncWithRe = regexp.MustCompile(`\b(?:sync|syncs|synch|synchronize|synchronise|keep\s+[a-z0-9_ ]{1,30}\s+in\s+sync)\b(?:\s+[a-z0-9_]+){0,4}?\s+(?:with|and|between)\s+`)

// syncDirected reports whether low gives a transfer its direction; "to"
// counts only before a place ("to HubSpot", "to the contacts"), not
// before a verb ("wants opens to show up", "segments to become audiences").
func syncDirected(low string) bool {
	for _, m := range syncDirectionRe.FindAllStringIndex(low, -1) {
		if low[m[0]:m[1]] != "to" {
			return true
		}
		next := strings.TrimLeft(low[m[1]:], " ")
		for _, art := range []string{"the ", "our ", "their ", "a ", "an "} {
			next = strings.TrimPrefix(next, art)
		}
		w := next
		if i := strings.IndexFunc(next, func(r rune) bool { return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '.' || r == '-') }); i >= 0 {
			w = next[:i]
		}
		w = strings.TrimRight(w, ".")
		if v, _ := verbOf(w); v != "" || infinitiveVerbs[w] {
			continue
		}
		return true
	}
	return false
}

// infinitiveVerbs are verbs after "to" the planner's verb table lacks:
// "wants opens to show up", "segments to become audiences".
var infinitiveVerbs = map[string]bool{"be": true, "become": true, "show": true, "stop": true, "see": true, "know": true,
	"have": true, "go": true, "appear": true, "end": true, "happen": true, "want": true, "look": true, "work": true,
	"understand": true, "help": true, "land": true, "live": true, "exist": true, "stay": true, "turn": true}

// syncDirectionRe is a word that gives a transfer its direction.
var syncDirectionRe = regexp.MustCompile(`\b(?:from|to|into|onto|one[- ]way|two[- ]way|both ways|both directions|bi-?directional\w*|push|pushes|pull|pulls|send|sends|copy|copies)\b`)

// vagueSync is "sync everything", which is vague only when nothing says
// what starts it.
var vagueSync = regexp.MustCompile(`\b(sync|synchronize|synch|copy|move|integrate|connect|link|mirror)\b[^.;]{0,30}\b(everything|all (of )?(the |our )?(data|objects|records)|all the things)\b|\b(integrate|connect|link)\b[^.;]{0,40}\b(with|to|and)\b[^.;]{0,30}\b(system|systems|stuff|tool|tools|app|apps)\s*[.!]*$`)
