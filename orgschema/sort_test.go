package orgschema_test

import (
	"sort"

	"github.com/patchbay/patchbay/salesforce"
)

func salesforceSort(objs []salesforce.SObject) {
	sort.Slice(objs, func(i, j int) bool { return objs[i].Name < objs[j].Name })
}
