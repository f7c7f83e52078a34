package talent

// bitset is a set of ordinals, one bit each. Workers own whole words: a
// worker's range starts at a multiple of 64.
type bitset []uint64

func newBitset(n int) bitset { return make(bitset, (n+63)/64) }

func (b bitset) has(o uint32) bool { return b[o>>6]&(1<<(o&63)) != 0 }

func (b bitset) set(o uint32) { b[o>>6] |= 1 << (o & 63) }

// clearRange empties the words holding the ordinals in [lo, hi).
func (b bitset) clearRange(lo, hi uint32) { clear(b[lo>>6 : (hi+63)>>6]) }
