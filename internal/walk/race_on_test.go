//go:build race

package walk

// raceEnabled: sync.Pool drops items at random under the race detector.
const raceEnabled = true
