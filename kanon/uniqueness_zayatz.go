package kanon

// zayatzUniques is Zayatz's estimate of the number of population uniques
// from the class size histogram h of a sample of n people in u classes
// drawn without replacement from a population of N > n.
//
// P(f=1 | F=j), the chance that a population class of j people leaves
// exactly one in the sample, is hypergeometric:
// j·(n/N)·Π_{i=1}^{j−1} (N−n−i+1)/(N−i), a product of factors below 1
// that is accumulated over j instead of going through factorials.
func zayatzUniques(h []classFreq, n, u int, N float64) float64 {
	fn := float64(n)
	num, den := 0.0, 0.0
	prod := 1.0 // Π_{i=1}^{j−1} (N−n−i+1)/(N−i)
	j := 1
	for _, c := range h {
		for ; j < c.size; j++ {
			prod *= max(0, N-fn-float64(j)+1) / (N - float64(j))
		}
		p := float64(c.size) * fn / N * prod
		w := float64(c.count) / float64(u)
		den += w * p
		if c.size == 1 {
			num = w * p
		}
	}
	f1 := float64(h[0].count) // h is sorted and holds size 1
	return f1 * (num / den) * N / fn
}
