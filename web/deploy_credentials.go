package web

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/patchbay/patchbay/generator"
	"github.com/patchbay/patchbay/salesforce"
	"github.com/patchbay/patchbay/spec"
	"github.com/patchbay/patchbay/web/view"
)

// credentialField prefixes the deploy form's credential inputs:
// cred.<system>.<key>.
const credentialField = "cred."

// maxCredentialValue bounds one entered secret.
const maxCredentialValue = 8 << 10

// deployCredentials lists the credentials a spec version's systems take,
// as the deploy form shows them.
func deployCredentials(sp *spec.Spec) []view.DeployCredential {
	var out []view.DeployCredential
	for _, c := range generator.Credentials(sp) {
		dc := view.DeployCredential{System: c.System, Label: c.Label, ExternalCredential: c.ExternalCredential}
		for _, k := range c.Keys {
			dc.Keys = append(dc.Keys, view.DeployCredentialKey{Field: credentialField + c.System + "." + k.Name, Name: k.Name, Label: k.Label})
		}
		out = append(out, dc)
	}
	return out
}

// anyCredentialEntered reports whether the form carries a credential value.
func anyCredentialEntered(form url.Values) bool {
	for k, vs := range form {
		if strings.HasPrefix(k, credentialField) {
			for _, v := range vs {
				if v != "" {
					return true
				}
			}
		}
	}
	return false
}

// formCredentials reads the entered credentials of the spec's systems: a
// system is set only when every one of its keys was entered. It returns
// them and the labels of the systems left to set up in Setup: those whose
// keys were left empty and those that authenticate in a way no key entered
// here covers (a JWT certificate). Errors name systems and keys, never
// values.
func formCredentials(sp *spec.Spec, form url.Values) ([]salesforce.PrincipalCredentials, []string, error) {
	var out []salesforce.PrincipalCredentials
	given := map[string]bool{}
	labels := map[string]string{}
	for _, c := range generator.Credentials(sp) {
		labels[c.System] = c.Label
		values := map[string]salesforce.CredentialValue{}
		var missing []string
		for _, k := range c.Keys {
			v := form.Get(credentialField + c.System + "." + k.Name)
			if strings.TrimSpace(v) == "" {
				missing = append(missing, k.Label)
				continue
			}
			if len(v) > maxCredentialValue {
				return nil, nil, fmt.Errorf("%s: the %s is longer than %d characters", c.Label, strings.ToLower(k.Label), maxCredentialValue)
			}
			values[k.Name] = salesforce.CredentialValue{Value: v, Encrypted: true}
		}
		if len(values) == 0 {
			continue
		}
		if len(missing) > 0 {
			return nil, nil, fmt.Errorf("%s: enter the %s too, or leave all of its fields empty to set them up in Setup", c.Label, strings.ToLower(strings.Join(missing, " and ")))
		}
		given[c.System] = true
		out = append(out, salesforce.PrincipalCredentials{ExternalCredential: c.ExternalCredential, AuthenticationProtocol: c.Protocol,
			PrincipalName: c.Principal, PrincipalType: c.PrincipalType, Credentials: values})
	}
	pending := []string{}
	for _, sys := range sp.Systems {
		if sys.Auth.Type == spec.AuthNone || given[sys.Name] {
			continue
		}
		label := labels[sys.Name]
		if label == "" {
			label = labelOrName(sys.Label, sys.Name)
		}
		pending = append(pending, label)
	}
	return out, pending, nil
}

func labelOrName(label, name string) string {
	if label != "" {
		return label
	}
	return name
}
