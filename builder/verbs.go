package builder

// verbKind is the kind of action a verb names: what step it plans.
type verbKind uint8

// The kinds of action verbs name.
const (
	kindNone    verbKind = iota // not an action verb
	kindCreate                  // "create a Case", "open a ticket in Jira"
	kindSend                    // "send it to Slack", "notify the owner"
	kindPublish                 // "publish an Order_Shipped__e event"
	kindUpdate                  // "update the account", "mark it Closed"
	kindSave                    // "save the id on the opportunity"
	kindUpsert                  // "upsert by External_Id__c"
	kindGet                     // "fetch the orders", "look up the company"
	kindDelete                  // "delete the user in Okta"
	kindCancel                  // "cancel the subscription", "refund the charge"
	kindCall                    // "call the scoring API", "calculate the tax"
	kindReply                   // "return 200", "respond with the price"
	kindInput                   // "take the record id": a Flow action's input
	kindManual                  // "print the contract", "fax the customer": a person's task, no system's
)

var verbKindNames = [...]string{"", "create", "send", "publish", "update", "save", "upsert", "get", "delete", "cancel", "call", "reply", "input", "manual"}

// String names the kind as the planner's messages and tests spell it.
func (k verbKind) String() string {
	if int(k) < len(verbKindNames) {
		return verbKindNames[k]
	}
	return "unknown"
}

// acts reports whether the kind plans an action on its own (an input only
// declares a Flow action's parameter).
func (k verbKind) acts() bool { return k != kindNone && k != kindInput }
