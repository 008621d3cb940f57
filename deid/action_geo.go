package deid

import (
	"fmt"
	"net/netip"
)

// restrictedZIP3 are the three-digit ZIP prefixes whose areas held 20,000
// people or fewer in the 2000 census, which HHS lists for Safe Harbor: they
// become "000".
var restrictedZIP3 = [...]int{36, 59, 63, 102, 203, 556, 692, 790, 821, 823, 830, 831, 878, 879, 884, 890, 893}

// restricted indexes restrictedZIP3 by prefix, so the per-record check is
// one load rather than 17 comparisons.
var restricted = func() (t [1000]bool) {
	for _, p := range restrictedZIP3 {
		t[p] = true
	}
	return t
}()

// zip3 keeps the first three digits of a ZIP or ZIP+4 code.
type zip3 struct{}

func (zip3) apply(dst, v []byte, _ *applyCtx) ([]byte, error) {
	if !(len(v) == 5 || (len(v) == 10 && v[5] == '-')) {
		return dst, ErrMalformedZIP
	}
	for i, c := range v {
		if i != 5 && (c < '0' || c > '9') {
			return dst, ErrMalformedZIP
		}
	}
	if restricted[int(v[0]-'0')*100+int(v[1]-'0')*10+int(v[2]-'0')] {
		return append(dst, "000"...), nil
	}
	return append(dst, v[:3]...), nil
}

// truncateIP keeps the network prefix of an address and zeroes the host
// part. An IPv4-mapped IPv6 address is truncated as the IPv4 address it is,
// and written back in the mapped form.
type truncateIP struct{ v4, v6 int }

func newTruncateIP(r *Rule) truncateIP {
	t := truncateIP{v4: 24, v6: 48}
	if r.IPv4Prefix != nil {
		t.v4 = *r.IPv4Prefix
	}
	if r.IPv6Prefix != nil {
		t.v6 = *r.IPv6Prefix
	}
	return t
}

func (t truncateIP) apply(dst, v []byte, _ *applyCtx) ([]byte, error) {
	if a, ok := parseIPv4(v); ok {
		return netip.AddrFrom4(maskV4(a, t.v4)).AppendTo(dst), nil
	}
	addr, err := netip.ParseAddr(string(v))
	if err != nil {
		return dst, ErrMalformedIP
	}
	addr = addr.WithZone("") // a zone names a local interface: not released
	if addr.Is4In6() {
		m := maskV4(addr.Unmap().As4(), t.v4)
		return netip.AddrFrom16(netip.AddrFrom4(m).As16()).AppendTo(dst), nil
	}
	p, err := addr.Prefix(t.v6)
	if err != nil {
		return dst, fmt.Errorf("%w: %v", ErrMalformedIP, err)
	}
	return p.Addr().AppendTo(dst), nil
}

func maskV4(a [4]byte, bits int) [4]byte {
	for i := range a {
		switch {
		case bits >= 8:
			bits -= 8
		case bits <= 0:
			a[i] = 0
		default:
			a[i] &= byte(0xff << (8 - bits))
			bits = 0
		}
	}
	return a
}

// parseIPv4 reads dotted-decimal IPv4 without allocating; leading zeros
// are refused, as netip does, since some parsers read them as octal.
func parseIPv4(v []byte) ([4]byte, bool) {
	var a [4]byte
	i := 0
	for k := 0; k < 4; k++ {
		if k > 0 {
			if i >= len(v) || v[i] != '.' {
				return a, false
			}
			i++
		}
		start, n := i, 0
		for i < len(v) && v[i] >= '0' && v[i] <= '9' && i-start < 3 {
			n = n*10 + int(v[i]-'0')
			i++
		}
		if i == start || n > 255 || (v[start] == '0' && i-start > 1) {
			return a, false
		}
		a[k] = byte(n)
	}
	return a, i == len(v)
}

func (zip3) plainOutput(comma byte) bool { return comma < '0' || comma > '9' }
