package deploy

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/xml"
	"fmt"
	"io"
	"path"
	"slices"
	"strings"

	"github.com/patchbay/patchbay/store"
)

// ownedTypes are the metadata types whose components belong to one
// integration: named after its spec (Apex classes and triggers, the
// permission set) or its systems (the credentials). Another integration's
// package with a component of the same type and name overwrites it. Custom
// objects and fields are left out: integrations share them by design
// (Integration_Log__c, fields added to standard objects).
var ownedTypes = map[string]bool{
	"ApexClass":          true,
	"ApexTrigger":        true,
	"PermissionSet":      true,
	"NamedCredential":    true,
	"ExternalCredential": true,
}

// maxManifestSize bounds the package.xml read from a zip.
const maxManifestSize = 8 << 20

// OwnershipError refuses a deploy to an org that already has components of
// the same names that another integration deployed there.
type OwnershipError struct {
	Org          string
	Owner        string // the other integration's name
	DeploymentID int64
	SpecVersion  int
	Components   []string // "ApexClass BillingRuntime", sorted
}

func (e *OwnershipError) Error() string {
	list := e.Components
	more := ""
	if len(list) > 5 {
		list, more = list[:5], fmt.Sprintf(" and %d more", len(e.Components)-5)
	}
	return fmt.Sprintf("org %s already has %s%s, deployed by integration %q (version %d, deployment %d); deploying this package would overwrite them. "+
		"Rename this spec (its name prefixes the Apex classes and the permission set) or its systems (they name the credentials), or deploy to another org",
		e.Org, strings.Join(list, ", "), more, e.Owner, e.SpecVersion, e.DeploymentID)
}

// checkOwnership refuses a package whose components another integration
// already deployed to one of the orgs, from the store's record of
// successful deployments. integrationID is the package's integration (0
// for an uploaded zip, which owns nothing). A package without a readable
// manifest is not checked: Salesforce refuses it anyway.
func checkOwnership(ctx context.Context, st *store.Store, integrationID int64, zipData []byte, orgs []store.Org) error {
	ours, err := packageComponents(zipData)
	if err != nil || len(ours) == 0 {
		return nil
	}
	theirs := map[int64]map[string]string{} // by deployment, read once
	for _, org := range orgs {
		pkgs, err := st.DeployedPackages(ctx, org.ID, integrationID)
		if err != nil {
			return err
		}
		for _, p := range pkgs {
			comps, ok := theirs[p.DeploymentID]
			if !ok {
				z, err := st.DeploymentZip(ctx, p.DeploymentID)
				if err != nil {
					return err
				}
				comps, _ = packageComponents(z)
				theirs[p.DeploymentID] = comps
			}
			var shared []string
			for key, name := range ours {
				if _, ok := comps[key]; ok {
					shared = append(shared, name)
				}
			}
			if len(shared) > 0 {
				slices.Sort(shared)
				return &OwnershipError{Org: org.Alias, Owner: p.IntegrationName, DeploymentID: p.DeploymentID, SpecVersion: p.SpecVersion, Components: shared}
			}
		}
	}
	return nil
}

// packageComponents reads the package.xml of a Metadata API zip (the
// shallowest one, for zips with a top folder) and returns its components
// of ownedTypes: "Type Name" by "Type name" (Salesforce's names are
// case-insensitive).
func packageComponents(zipData []byte) (map[string]string, error) {
	zr, err := zip.NewReader(bytes.NewReader(zipData), int64(len(zipData)))
	if err != nil {
		return nil, fmt.Errorf("read package zip: %w", err)
	}
	var manifest *zip.File
	for _, f := range zr.File {
		if path.Base(f.Name) == "package.xml" && (manifest == nil || strings.Count(f.Name, "/") < strings.Count(manifest.Name, "/")) {
			manifest = f
		}
	}
	if manifest == nil {
		return nil, fmt.Errorf("read package zip: no package.xml")
	}
	r, err := manifest.Open()
	if err != nil {
		return nil, fmt.Errorf("read package.xml: %w", err)
	}
	defer r.Close()
	var pkg struct {
		Types []struct {
			Members []string `xml:"members"`
			Name    string   `xml:"name"`
		} `xml:"types"`
	}
	if err := xml.NewDecoder(io.LimitReader(r, maxManifestSize)).Decode(&pkg); err != nil {
		return nil, fmt.Errorf("read package.xml: %w", err)
	}
	out := map[string]string{}
	for _, t := range pkg.Types {
		if !ownedTypes[t.Name] {
			continue
		}
		for _, m := range t.Members {
			m = strings.TrimSpace(m)
			out[t.Name+" "+strings.ToLower(m)] = t.Name + " " + m
		}
	}
	return out, nil
}
