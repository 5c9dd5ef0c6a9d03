package generator

import "github.com/patchbay/patchbay/spec"

// File is one generated file, its path relative to the SFDX project root
// (force-app/main/default/classes/X.cls, sfdx-project.json, README.md...).
type File struct {
	Path string
	Data []byte
}

// Bundle is the generated SFDX project: files sorted by path.
type Bundle struct {
	Files []File
}

// Generate turns a valid spec into a bundle. It validates the spec first and
// returns the validation errors unchanged when it is not valid.
// It is filled in by the generator work; the signature is fixed.
var _ = spec.Version
