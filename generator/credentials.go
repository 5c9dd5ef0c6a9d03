package generator

import "github.com/patchbay/patchbay/spec"

// Credential is the External Credential principal generated for one spec
// system whose secrets an admin enters after deploying: what to ask for and
// where Connect REST (named-credentials/credential) stores it.
//
// ExternalCredential and Principal are the developer names the metadata
// declares, which is what a Metadata API deploy (patchbay deploy) creates in
// an org. When the spec has a package namespace and the package is
// installed as a managed package instead, the org knows the External
// Credential as Namespace + "__" + ExternalCredential; patchbay itself never
// pushes credentials to such an install.
type Credential struct {
	// System is the spec system's name; Label is its label, for people.
	System string
	Label  string
	// ExternalCredential is the External Credential's developer name.
	ExternalCredential string
	// Principal is its named principal; PrincipalType is always
	// NamedPrincipal.
	Principal     string
	PrincipalType string
	// Protocol is the External Credential's authenticationProtocol
	// (Custom, Basic or Oauth), sent with the credentials.
	Protocol string
	// Namespace is the spec's package namespace, empty when it has none.
	Namespace string
	// Keys are the principal's credentials, in the order to ask for them.
	Keys []CredentialKey
}

// CredentialKey is one principal credential: Name is the key Connect REST
// and the External Credential's formulas ({!$Credential.<EC>.<Name>}) use.
type CredentialKey struct {
	Name  string
	Label string
	// Secret is true for values to hide (a key, token or password), false
	// for identifiers such as a user name or client id.
	Secret bool
}

// The principal credential keys the generated External Credentials read.
const (
	keyAPIKey       = "ApiKey"
	keyToken        = "Token"
	keyUsername     = "username"
	keyPassword     = "password"
	keyClientID     = "clientId"
	keyClientSecret = "clientSecret"
)

// principalTypeNamed is the type of every generated principal.
const principalTypeNamed = "NamedPrincipal"

// externalCredentialName is the External Credential generated for a system.
func externalCredentialName(system string) string { return system + "_Auth" }

// principalName is the named principal of a system's External Credential.
func principalName(system string) string { return system + "_Principal" }

// authProtocol is the authenticationProtocol of a system's External
// Credential.
func authProtocol(authType string) string {
	switch authType {
	case spec.AuthBasic:
		return "Basic"
	case spec.AuthOAuth2ClientCredentials, spec.AuthOAuth2JWTBearer:
		return "Oauth"
	}
	return "Custom"
}

// credentialKeys are the principal credentials an auth type needs that can
// be set through Connect REST. none needs nothing; oauth2JwtBearer signs
// with a certificate uploaded in Setup, which no principal credential holds.
func credentialKeys(authType string) []CredentialKey {
	switch authType {
	case spec.AuthAPIKey:
		return []CredentialKey{{Name: keyAPIKey, Label: "API key", Secret: true}}
	case spec.AuthBearer:
		return []CredentialKey{{Name: keyToken, Label: "Bearer token", Secret: true}}
	case spec.AuthBasic:
		return []CredentialKey{{Name: keyUsername, Label: "User name"}, {Name: keyPassword, Label: "Password", Secret: true}}
	case spec.AuthOAuth2ClientCredentials:
		return []CredentialKey{{Name: keyClientID, Label: "Client id"}, {Name: keyClientSecret, Label: "Client secret", Secret: true}}
	}
	return nil
}

// Credentials lists, in spec order, the External Credential principals of
// a spec's systems that need secrets an admin can enter at deploy time, with
// the names Generate gives them. Systems with auth none or oauth2JwtBearer
// (a certificate, set up in Setup) are not listed. s should be valid.
func Credentials(s *spec.Spec) []Credential {
	if s == nil {
		return nil
	}
	ns := ""
	if s.Package != nil {
		ns = s.Package.Namespace
	}
	var out []Credential
	for _, sys := range s.Systems {
		keys := credentialKeys(sys.Auth.Type)
		if len(keys) == 0 {
			continue
		}
		out = append(out, Credential{
			System: sys.Name, Label: labelOf(sys.Label, sys.Name),
			ExternalCredential: externalCredentialName(sys.Name), Principal: principalName(sys.Name),
			PrincipalType: principalTypeNamed, Protocol: authProtocol(sys.Auth.Type), Namespace: ns, Keys: keys,
		})
	}
	return out
}
