package generator

// subscriberModel is the running user and batch size of one change event or
// platform event trigger, from its flow's trigger.runAs and batchSize.
type subscriberModel struct {
	FlowName  string
	Trigger   string // the Apex trigger the config applies to
	Config    string // the PlatformEventSubscriberConfig's name, "" when none is generated
	User      string // username, "" for the Automated Process user
	BatchSize int    // 0 for Salesforce's default (2,000)
	Label     string
}

// subscribers lists the event triggers of the spec's change event and
// platform event flows. Such a trigger runs as the Automated Process user
// unless a PlatformEventSubscriberConfig names another ("Configure the User
// and Batch Size for Your Platform Event Trigger with
// PlatformEventSubscriberConfig", Platform Events Developer Guide; change
// event triggers take the same config, Change Data Capture Developer Guide,
// "Change Event Triggers").
func (g *gen) subscribers() []subscriberModel {
	var out []subscriberModel
	for i, m := range g.flows {
		if !(m.IsCDC || m.IsEvent) || m.Trigger == "" {
			continue
		}
		t := g.spec.Flows[i].Trigger
		s := subscriberModel{FlowName: m.FlowName, Trigger: m.Trigger, User: t.RunAs, BatchSize: t.BatchSize,
			Label: limitLabel(m.FlowName)}
		if s.User != "" || s.BatchSize != 0 {
			s.Config = shorten(m.Trigger, maxApexName-len("Config")) + "Config"
		}
		out = append(out, s)
	}
	return out
}

// subscriberConfigs writes a PlatformEventSubscriberConfig for every event
// trigger whose flow sets a running user or batch size.
func (g *gen) subscriberConfigs() error {
	for _, s := range g.subscribers() {
		if s.Config == "" {
			continue
		}
		data, err := render("subscriberConfig.tmpl", s)
		if err != nil {
			return err
		}
		g.put(srcDir+"PlatformEventSubscriberConfigs/"+s.Config+".platformEventSubscriberConfig-meta.xml", data)
	}
	return nil
}
