package store

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
)

// TestSaveSpecVersionRefusesAStaleBase checks the compare-and-insert: a save
// on the newest version is kept, a save on an older one is refused with
// ErrStale and writes nothing.
func TestSaveSpecVersionRefusesAStaleBase(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	in, err := s.CreateIntegration(ctx, "Stripe_Sync", "", "ann")
	if err != nil {
		t.Fatal(err)
	}
	if v, err := s.SaveSpecVersion(ctx, in.ID, 0, "one", "ann", false); err != nil || v.Version != 1 {
		t.Fatalf("first save = %+v, %v", v, err)
	}
	if v, err := s.SaveSpecVersion(ctx, in.ID, 1, "two", "ann", false); err != nil || v.Version != 2 {
		t.Fatalf("save on the newest = %+v, %v", v, err)
	}
	for _, base := range []int{0, 1, 3, -1} {
		if _, err := s.SaveSpecVersion(ctx, in.ID, base, "stale", "bob", false); !errors.Is(err, ErrStale) {
			t.Errorf("save on base %d: err = %v, want ErrStale", base, err)
		}
	}
	latest, err := s.LatestSpecVersion(ctx, in.ID)
	if err != nil || latest.Version != 2 || latest.Text != "two" {
		t.Errorf("latest = %+v, %v; a refused save must write nothing", latest, err)
	}
}

// TestConcurrentSavesOnOneBaseOneWins runs saves on the same base at the
// same time, many rounds: exactly one of each round is kept.
func TestConcurrentSavesOnOneBaseOneWins(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	in, err := s.CreateIntegration(ctx, "Stripe_Sync", "", "ann")
	if err != nil {
		t.Fatal(err)
	}
	const rounds, writers = 20, 4
	for base := 0; base < rounds; base++ {
		var wg sync.WaitGroup
		errs := make([]error, writers)
		start := make(chan struct{})
		for w := range writers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				_, errs[w] = s.SaveSpecVersion(ctx, in.ID, base, fmt.Sprintf("round %d writer %d", base, w), "ann", false)
			}()
		}
		close(start)
		wg.Wait()
		won, stale := 0, 0
		for _, err := range errs {
			switch {
			case err == nil:
				won++
			case errors.Is(err, ErrStale):
				stale++
			default:
				t.Fatalf("round %d: %v", base, err)
			}
		}
		if won != 1 || stale != writers-1 {
			t.Fatalf("round %d: %d saves kept, %d refused; want 1 and %d", base, won, stale, writers-1)
		}
	}
	if vs, err := s.SpecVersions(ctx, in.ID); err != nil || len(vs) != rounds {
		t.Errorf("versions = %d, %v; want %d", len(vs), err, rounds)
	}
}
