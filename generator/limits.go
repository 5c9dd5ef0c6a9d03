package generator

import "fmt"

// Salesforce's Metadata API deploy limits, which every deploy of a package
// meets: "You can deploy or retrieve up to 10,000 files at once. The maximum
// size of the deployed or retrieved .zip file is 39 MB." (Metadata API
// Developer Guide, "Deploying and Retrieving Metadata with the Zip File",
// developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/file_based_zip_file.htm,
// and deploy(): "Maximum compressed .zip folder size: approximately 39 MB",
// "Maximum number of files included in an unlocked or second-generation
// managed package: 10,000"). The zip is base64-encoded into a SOAP message
// of at most 50 MB, hence 39 MB; it is counted here as 39,000,000 bytes, the
// lower reading of "39 MB".
const (
	MaxDeployFiles    = 10000
	MaxDeployZipBytes = 39_000_000
)

// LimitError reports a package that Salesforce would refuse to deploy
// because it is over one of its limits: what, the limit and the actual
// figure.
type LimitError struct {
	What   string // "files" or "bytes zipped"
	Limit  int
	Actual int
}

func (e *LimitError) Error() string {
	switch e.What {
	case "files":
		return fmt.Sprintf("the package would hold %d files; Salesforce deploys at most %d files at once (Metadata API limit): split the integration into smaller ones", e.Actual, e.Limit)
	default:
		return fmt.Sprintf("the package zip would be %.1f MB (%d bytes); Salesforce deploys a zip of at most 39 MB (%d bytes, Metadata API limit): split the integration into smaller ones", float64(e.Actual)/1e6, e.Actual, e.Limit)
	}
}

// CheckDeployLimits returns a *LimitError when the bundle's Metadata API zip
// (what is deployed) would hold more than MaxDeployFiles files or be larger
// than MaxDeployZipBytes. It converts and zips the bundle only when a cheap
// upper bound on the count or the size does not already show it fits.
func (b *Bundle) CheckDeployLimits() error {
	// Metadata format never has more files than the source format: fields
	// are inlined into their object, and package.xml and README.md are the
	// only files that move.
	boundFiles, boundBytes := len(b.Files), 22 // end of central directory
	for _, f := range b.Files {
		// Deflate grows incompressible data by 5 bytes per 16 KiB stored
		// block at most; a zip entry adds a local header, a data descriptor
		// and a central directory record, each with the name.
		boundBytes += len(f.Data) + 5*(len(f.Data)/16384+1) + 2*len(f.Path) + 30 + 24 + 46
	}
	if boundFiles <= MaxDeployFiles && boundBytes <= MaxDeployZipBytes {
		return nil
	}
	files, err := b.metadataFiles()
	if err != nil {
		return err
	}
	if len(files) > MaxDeployFiles {
		return &LimitError{What: "files", Limit: MaxDeployFiles, Actual: len(files)}
	}
	if boundBytes <= MaxDeployZipBytes {
		return nil
	}
	zip, err := writeZip(files)
	if err != nil {
		return err
	}
	if len(zip) > MaxDeployZipBytes {
		return &LimitError{What: "bytes zipped", Limit: MaxDeployZipBytes, Actual: len(zip)}
	}
	return nil
}
