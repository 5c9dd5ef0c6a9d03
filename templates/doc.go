// Package templates holds the Apex and metadata templates the generator
// fills in: the part of patchbay a Salesforce developer reviews. Templates
// only print values and branch on flags the generator has already worked
// out; every string that reaches Apex or XML is escaped by the generator's
// apex and xml template functions (generator.ApexString, generator.XMLText).
//
// It imports nothing of ours.
package templates

import "embed"

// FS holds apex/*.tmpl and metadata/*.tmpl.
//
//go:embed apex/*.tmpl metadata/*.tmpl
var FS embed.FS
