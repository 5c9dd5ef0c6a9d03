package deploy

import (
	"errors"
	"slices"
	"testing"

	"github.com/patchbay/patchbay/salesforce"
	"github.com/patchbay/patchbay/store"
)

func TestMayDeploy(t *testing.T) {
	prod := store.Org{Alias: "prod", Kind: store.OrgProduction}
	sandbox := store.Org{Alias: "sb", Kind: store.OrgSandbox}
	sandboxDomain := store.Org{Alias: "uat", Kind: store.OrgCustom, LoginURL: "https://acme--uat.sandbox.my.salesforce.com"}
	prodDomain := store.Org{Alias: "acme", Kind: store.OrgCustom, LoginURL: "https://acme.my.salesforce.com"}
	tests := []struct {
		role store.Role
		org  store.Org
		want bool
	}{
		{store.RoleAdmin, prod, true},
		{store.RoleAdmin, sandbox, true},
		{store.RoleEditor, sandbox, true},
		{store.RoleEditor, sandboxDomain, true},
		{store.RoleEditor, prod, false},
		{store.RoleEditor, prodDomain, false},
		{store.RoleViewer, sandbox, false},
		{"", sandbox, false},
	}
	for _, tt := range tests {
		if got := MayDeploy(store.User{Role: tt.role}, tt.org); got != tt.want {
			t.Errorf("MayDeploy(%s, %s) = %v, want %v", tt.role, tt.org.Alias, got, tt.want)
		}
	}
	err := Authorize(store.User{Role: store.RoleEditor}, []store.Org{sandbox, prod})
	var na *NotAllowedError
	if !errors.As(err, &na) || na.Org.Alias != "prod" {
		t.Errorf("Authorize(editor, sandbox+prod) = %v, want a NotAllowedError naming prod", err)
	}
	if err := Authorize(store.User{Role: store.RoleAdmin}, []store.Org{sandbox, prod}); err != nil {
		t.Errorf("Authorize(admin) = %v, want nil", err)
	}
}

func TestChooseTests(t *testing.T) {
	tests := []struct {
		choice    string
		pkg       []string
		wantLevel string
		wantTests []string
		wantErr   bool
	}{
		{TestsPackage, []string{"A_Test", "B_Test"}, salesforce.TestLevelRunSpecifiedTests, []string{"A_Test", "B_Test"}, false},
		{TestsPackage, nil, salesforce.TestLevelRunLocalTests, nil, false},
		{salesforce.TestLevelRunLocalTests, []string{"A_Test"}, salesforce.TestLevelRunLocalTests, nil, false},
		{salesforce.TestLevelNoTestRun, nil, salesforce.TestLevelNoTestRun, nil, false},
		{salesforce.TestLevelRunSpecifiedTests, []string{"A_Test"}, "", nil, true},
		{"", nil, "", nil, true},
		{"RunEverything", nil, "", nil, true},
	}
	for _, tt := range tests {
		level, run, err := ChooseTests(tt.choice, tt.pkg)
		if (err != nil) != tt.wantErr || level != tt.wantLevel || !slices.Equal(run, tt.wantTests) {
			t.Errorf("ChooseTests(%q, %v) = %q, %v, %v; want %q, %v, error %v", tt.choice, tt.pkg, level, run, err, tt.wantLevel, tt.wantTests, tt.wantErr)
		}
	}
}
