package generator

import (
	"encoding/xml"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/patchbay/patchbay/spec"
)

// generatedEC is the part of a generated ExternalCredential the test reads.
type generatedEC struct {
	Protocol string `xml:"authenticationProtocol"`
	Params   []struct {
		Group string `xml:"parameterGroup"`
		Name  string `xml:"parameterName"`
		Type  string `xml:"parameterType"`
		Value string `xml:"parameterValue"`
	} `xml:"externalCredentialParameters"`
}

var credentialFormulaRE = regexp.MustCompile(`\$Credential\.([A-Za-z0-9_]+)\.([A-Za-z0-9_]+)`)

// TestCredentialsMatchTheGeneratedExternalCredentials generates the ShipCo
// example with each auth type and checks that Credentials names the External
// Credential, principal and protocol the metadata declares, and exactly the
// keys its formulas read (Custom) or Connect REST takes for the protocol.
func TestCredentialsMatchTheGeneratedExternalCredentials(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "spec", "testdata", "valid", "an_invocable_action_calls_an_api_key_system.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		auth      spec.Auth
		protocol  string
		keys      []string // empty: no credential is listed
		secret    []string
		namespace string
	}{
		{auth: spec.Auth{Type: spec.AuthNone}},
		{auth: spec.Auth{Type: spec.AuthAPIKey, Header: "X-ShipCo-Key"}, protocol: "Custom", keys: []string{"ApiKey"}, secret: []string{"ApiKey"}},
		{auth: spec.Auth{Type: spec.AuthAPIKey}, protocol: "Custom", keys: []string{"ApiKey"}, secret: []string{"ApiKey"}, namespace: "shipq"},
		{auth: spec.Auth{Type: spec.AuthBearer}, protocol: "Custom", keys: []string{"Token"}, secret: []string{"Token"}},
		{auth: spec.Auth{Type: spec.AuthBasic}, protocol: "Basic", keys: []string{"username", "password"}, secret: []string{"password"}},
		{auth: spec.Auth{Type: spec.AuthOAuth2ClientCredentials, TokenURL: "https://auth.shipco.example.com/token", Scope: "quotes"},
			protocol: "Oauth", keys: []string{"clientId", "clientSecret"}, secret: []string{"clientSecret"}},
		{auth: spec.Auth{Type: spec.AuthOAuth2JWTBearer, TokenURL: "https://auth.shipco.example.com/token"}},
	}
	// What Connect REST takes per protocol (docs/salesforce.md section 2);
	// Custom takes whatever the formulas read.
	connectKeys := map[string][]string{"Basic": {"password", "username"}, "Oauth": {"clientId", "clientSecret"}}
	for _, tt := range tests {
		name := tt.auth.Type
		if tt.namespace != "" {
			name += " in a namespace"
		}
		t.Run(name, func(t *testing.T) {
			s, err := spec.Load(data)
			if err != nil {
				t.Fatal(err)
			}
			s.Systems[0].Auth = tt.auth
			if tt.namespace != "" {
				s.Package = &spec.Package{Namespace: tt.namespace}
			}
			b, err := Generate(s)
			if err != nil {
				t.Fatal(err)
			}
			creds := Credentials(s)
			if len(tt.keys) == 0 {
				if len(creds) != 0 {
					t.Fatalf("Credentials = %+v, want none", creds)
				}
				return
			}
			if len(creds) != 1 {
				t.Fatalf("Credentials = %+v, want one", creds)
			}
			c := creds[0]
			if c.System != "ShipCo" || c.Label != "ShipCo API" || c.PrincipalType != "NamedPrincipal" || c.Namespace != tt.namespace {
				t.Errorf("credential = %+v", c)
			}
			var names, secret []string
			for _, k := range c.Keys {
				names = append(names, k.Name)
				if k.Secret {
					secret = append(secret, k.Name)
				}
				if k.Label == "" {
					t.Errorf("key %s has no label", k.Name)
				}
			}
			if diff := cmp.Diff(tt.keys, names); diff != "" {
				t.Errorf("keys (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.secret, secret); diff != "" {
				t.Errorf("secret keys (-want +got):\n%s", diff)
			}

			ecPath := srcDir + "externalCredentials/" + c.ExternalCredential + ".externalCredential-meta.xml"
			var raw []byte
			for _, f := range b.Files {
				if f.Path == ecPath {
					raw = f.Data
				}
			}
			if raw == nil {
				t.Fatalf("no %s in the bundle", ecPath)
			}
			var ec generatedEC
			if err := xml.Unmarshal(raw, &ec); err != nil {
				t.Fatal(err)
			}
			if ec.Protocol != tt.protocol || c.Protocol != tt.protocol {
				t.Errorf("protocol: generated %s, Credentials %s, want %s", ec.Protocol, c.Protocol, tt.protocol)
			}
			principal := false
			var formulaKeys []string
			for _, p := range ec.Params {
				if p.Type == c.PrincipalType && p.Name == c.Principal && p.Group == c.Principal {
					principal = true
				}
				for _, m := range credentialFormulaRE.FindAllStringSubmatch(p.Value, -1) {
					if m[1] != c.ExternalCredential {
						t.Errorf("formula %s reads External Credential %s, not %s", p.Value, m[1], c.ExternalCredential)
					}
					formulaKeys = append(formulaKeys, m[2])
				}
			}
			if !principal {
				t.Errorf("%s declares no %s %s:\n%s", ecPath, c.PrincipalType, c.Principal, raw)
			}
			want := append([]string(nil), names...)
			sort.Strings(want)
			sort.Strings(formulaKeys)
			if tt.protocol == "Custom" {
				if diff := cmp.Diff(want, formulaKeys); diff != "" {
					t.Errorf("keys the formulas read (-Credentials +generated):\n%s\n%s", diff, raw)
				}
			} else {
				if len(formulaKeys) != 0 {
					t.Errorf("%s protocol with formulas %v", tt.protocol, formulaKeys)
				}
				if diff := cmp.Diff(connectKeys[tt.protocol], want); diff != "" {
					t.Errorf("keys for Connect REST (-want +got):\n%s", diff)
				}
			}
			permRef := "<externalCredentialPrincipal>" + c.ExternalCredential + "-" + c.Principal + "</externalCredentialPrincipal>"
			found := false
			for _, f := range b.Files {
				found = found || strings.HasPrefix(f.Path, srcDir+"permissionsets/") && strings.Contains(string(f.Data), permRef)
			}
			if !found {
				t.Errorf("no permission set grants %s", permRef)
			}
		})
	}
}

func TestCredentialsOfNoSpecIsEmpty(t *testing.T) {
	if got := Credentials(nil); got != nil {
		t.Errorf("Credentials(nil) = %v", got)
	}
}
