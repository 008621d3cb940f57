package deid

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// A Struct de-identifies values of the struct type T as the deid tags of
// its fields say, for services that hold records as Go values rather than
// rows:
//
//	type Measurement struct {
//		UserID     string    `deid:"pseudonymize,domain=ai-engine"`
//		Email      string    `deid:"drop"`
//		BirthDate  string    `deid:"year"`
//		ZIP        string    `deid:"zip3"`
//		IP         string    `deid:"truncate_ip"`
//		MeasuredAt time.Time `deid:"keep"`
//		WeightKg   float64   `deid:"keep"`
//		Lat        float64   `deid:"round,decimals=2"`
//		Note       string    `deid:"scrub"`
//		Device     Device    `deid:"nested"`
//	}
//
// A tag is an action followed by its parameters as name=value pairs,
// separated by commas: the actions and parameter names of a [Policy] rule
// ("tokenize,context=cardio/partner-x", "truncate_ip,ipv4_prefix=16",
// "scrub,kinds=email|phone" with kinds separated by '|'). Values cannot
// contain commas; bucket ranges cannot be written in a tag (use width).
// One more action exists only in tags: nested, which applies the tags of a
// struct-typed field's own fields.
//
// [ForType] compiles the tags once into a [Policy] whose field names are
// the Go field paths ("Device.Serial") and applies that policy's actions to
// the field values, so a tag does exactly what the same rule does to a
// column. It fails closed, at compile time and never silently:
//
//   - every field must have a tag, keep included: a field added to the type
//     later is an error until someone decides what happens to it;
//   - an unknown action or parameter, or a parameter the action does not
//     take, is an error naming the type and the field;
//   - so is an action the field's type cannot hold (see below).
//   - so is keep on a field whose type has, anywhere beneath it (through
//     pointers, slices, arrays and maps), a field whose tag drops or
//     transforms it: the type's tags say how its values are released, and
//     keeping it whole would release them as they are. Tag it nested, or
//     drop it. A kept interface is checked value by value: one holding
//     such a type fails Copy with a [*FieldError]. So does a kept map (a
//     JSON object decoded into map[string]any) with a key that reads as a
//     direct identifier ([ErrKeptIdentifier]), unless
//     [WithKeptIdentifiers]. A kept value nested more than 1,000 levels
//     deep cannot be checked and fails Copy too.
//   - so is keep on a field whose name (Go or JSON), or the name of a
//     field beneath a kept struct, reads as a direct identifier (an
//     e-mail address, a name, a patient ID, free text: see
//     [WarnIdentifierName]), unless [WithKeptIdentifiers] says such
//     fields are meant to pass.
//
// And every Copy checks the kept values as a [Transformer] checks every
// kept value it writes ([WarnIdentifierValues]): a kept string, integer,
// or string beneath a field kept whole that looks like an identifier (an
// e-mail address, a phone number...) or holds the value's own identifiers
// (those of the fields its tags drop or transform whose names read as
// names, contact details, addresses or IDs) fails Copy with a
// [*FieldError] wrapping [ErrKeptIdentifier], naming the field and the
// kind, unless [WithKeptIdentifiers]. A Struct has no report to warn in.
//
// Actions by field type:
//
//	string                  every action
//	time.Time               keep, drop, year and month (to the start of the
//	                        year or month, same location; only with
//	                        top_code=false: a time.Time cannot hold "90+", so
//	                        birth dates that need top-coding belong in a
//	                        string field), date_shift (the time of day is
//	                        kept); the zero time stays zero
//	integers                keep, drop, age (ages of 90 and over become 90,
//	                        which then means "90 or over")
//	floats                  keep, drop, round
//	bool                    keep, drop
//	structs                 keep, drop, nested
//	pointers to the above   the actions of the element type: the value
//	                        is transformed into a new pointer (the
//	                        caller's is never written through), and nil
//	                        stays nil, also beneath a nested pointer
//	other pointers, slices,
//	maps, arrays, interfaces,
//	channels, functions     keep, drop (drop sets nil or zero)
//
// Unexported fields cannot be changed through reflection, yet they are
// copied along with the value: each must be tagged keep, explicitly. Any
// other tag on one is an error, and so is a missing tag. One whose name
// reads as a direct identifier (email, name) is refused like an exported
// one: the copy carries it, to %v, to the type's own methods, to the
// package that can read it. (An embedded
// struct of unexported type may be nested: its exported fields can be
// set.)
//
// Drop sets a field to its zero value. A field that an action turns empty
// or zero is indistinguishable from one that was empty: a Struct is for
// handing records on to code that knows the tags, not for telling released
// and dropped apart. A zero-length string and the zero time stay as they
// are under every action but replace. Serialized with encoding/json, a
// dropped field is still written, as "" or 0 or null, unless its json tag
// says omitempty (omitzero for a time.Time or a struct); a pointer field
// with omitempty disappears when dropped, and stays apart from a released
// zero.
//
// A value an action cannot handle (a malformed ZIP code, an age of 151)
// fails Copy or Apply with a [*FieldError] naming the field by the path
// encoding/json writes ("device.serial" from json tags, the Go name where
// there is none), never the value; Apply then leaves *v as it was.
//
// A Struct is safe for concurrent use. Compile it once per type and keep
// it: compiling derives keys.
type Struct[T any] struct {
	typ    string
	policy *Policy
	plan   *Plan
	inputs []*structLeaf // the plan's input fields, in plan order
	conv   []*structLeaf // fields changed by a transform
	drops  []*structLeaf // fields set to zero
	// ptrs are the nested pointers to structs with fields that change
	// beneath, outer first: a copy points to a copy of what they point to
	ptrs []*structLeaf
	// dynamic are the kept fields that can hold interface values or maps
	// with string keys, which each Copy walks (see keptWalk)
	dynamic []*structLeaf
	// keptIdentifiers is WithKeptIdentifiers: map keys are not checked
	keptIdentifiers bool
	// kept checks the kept values of each Copy, unless keptIdentifiers
	kept *keptCheck
	pool sync.Pool // *structState
}

// A StructOption configures [ForType].
type StructOption func(*structConfig)

type structConfig struct {
	ref            time.Time
	domain         string
	keptIdentifier bool
}

// WithKeptIdentifiers accepts keep tags on fields whose names read as
// direct identifiers (an Email, a Name, a PatientID, a Notes field, or
// such a field beneath a kept struct): without it they are a *TagError,
// as a policy keeping such fields fails the example programs unless they
// are given -allow-kept-identifiers. For types whose identifiers are
// meant to pass, such as an internal copy.
func WithKeptIdentifiers() StructOption {
	return func(c *structConfig) { c.keptIdentifier = true }
}

// WithDomain sets the pseudonym domain of the pseudonymize tags that do
// not name one (`deid:"pseudonymize"`), so that one type can feed several
// recipients, each from its own compiled Struct. A tag's own domain= wins.
// Without this option a pseudonymize tag without domain= is an error.
func WithDomain(domain string) StructOption {
	return func(c *structConfig) { c.domain = domain }
}

// WithReferenceDate sets the date at which ages are computed, for the
// top-coding of year and month on string fields. Without it those actions
// need top_code=false.
func WithReferenceDate(t time.Time) StructOption {
	return func(c *structConfig) { c.ref = t }
}

// A TagError reports a deid struct tag that cannot be compiled: which type,
// which field (its Go path), and why. It wraps the underlying
// [PolicyError] when there is one, and [ErrPolicy] always.
type TagError struct {
	Type  string // the struct type, as reflect prints it
	Field string // the field's Go path, such as "Device.Serial"
	Msg   string
	Err   error
}

func (e *TagError) Error() string {
	return fmt.Sprintf("deid: struct %s, field %s: %s", e.Type, e.Field, e.Msg)
}

func (e *TagError) Unwrap() error {
	if e.Err != nil {
		return e.Err
	}
	return ErrPolicy
}

// nested is the tag-only action that applies the tags of a struct-typed
// field's own fields. It is no policy action: a policy names nested fields
// by their dotted paths.
const nested Action = "nested"

// ForType compiles the deid tags of the struct type T. Keys holds the
// keysets of keyed actions (pseudonymize, tokenize, fpe, date_shift, scrub
// with pseudonyms). Errors are *TagError values naming the field.
func ForType[T any](keys Keys, opts ...StructOption) (*Struct[T], error) {
	var cfg structConfig
	for _, o := range opts {
		o(&cfg)
	}
	t := reflect.TypeFor[T]()
	s := &Struct[T]{typ: t.String()}
	if t.Kind() != reflect.Struct {
		return nil, &TagError{Type: s.typ, Field: "", Msg: "not a struct type"}
	}
	c := leafCollector{typ: s.typ}
	if err := c.collect(t, "", "", nil); err != nil {
		return nil, err
	}
	leaves := c.leaves
	s.ptrs = c.changedPointers()
	s.dynamic = c.dynamic
	s.keptIdentifiers = cfg.keptIdentifier
	if err := s.compile(leaves, keys, cfg); err != nil {
		return nil, err
	}
	if !cfg.keptIdentifier {
		if err := keptIdentifiers(s.typ, leaves); err != nil {
			return nil, err
		}
		kc, err := newKeptCheck(leaves)
		if err != nil {
			return nil, &TagError{Type: s.typ, Field: "(type)", Msg: err.Error(), Err: err}
		}
		s.kept = kc
	}
	s.pool.New = func() any { return s.newState() }
	return s, nil
}

// Policy returns a copy of the policy compiled from the tags, for review
// or audit: one rule per field that an action changes, named by its Go
// path. Fields tagged keep or drop are handled without it.
func (s *Struct[T]) Policy() *Policy {
	p := *s.policy
	p.Fields = slices.Clone(p.Fields)
	return &p
}

// Format prints the type the Struct handles and nothing of its keys.
func (s *Struct[T]) Format(f fmt.State, _ rune) {
	fmt.Fprintf(f, "deid.Struct[%s]", s.typ)
}

// Copy returns a de-identified copy of v; v itself is not changed. Fields
// tagged keep are copied as Go copies them: the copy of a kept pointer,
// slice or map shares what it points to with v; a pointer whose value an
// action changes, or a nested pointer to a struct with such a field, is a
// new pointer.
//
// A value that an action cannot handle (a malformed date or ZIP code) is a
// *FieldError naming the field's JSON path, never the value.
func (s *Struct[T]) Copy(v T) (T, error) {
	if s.plan == nil {
		var zero T
		return zero, fmt.Errorf("%w: Struct[%T]{}; use ForType", ErrZeroValue, zero)
	}
	st := s.pool.Get().(*structState)
	// The work is done in pooled scratch space rather than on v, which
	// reflection would move to the heap on every call.
	p := st.val.(*T)
	*p = v
	err := s.apply(reflect.ValueOf(p).Elem(), st)
	out := *p
	var zero T
	*p = zero // pooled memory keeps no identifier
	s.pool.Put(st)
	if err != nil {
		return zero, err
	}
	return out, nil
}

// Apply de-identifies *v in place. On error *v is left unchanged.
func (s *Struct[T]) Apply(v *T) error {
	if s.plan == nil {
		var zero T
		return fmt.Errorf("%w: Struct[%T]{}; use ForType", ErrZeroValue, zero)
	}
	if v == nil {
		return fmt.Errorf("%w: Apply of a nil *%s", ErrMissingField, s.typ)
	}
	c, err := s.Copy(*v)
	if err != nil {
		return err
	}
	*v = c
	return nil
}

// structState is the per-call scratch space of a Struct, pooled.
type structState struct {
	val    any // *T
	ctx    applyCtx
	buf    []byte
	ends   []int
	in     [][]byte
	absent []bool // the input is a nil pointer, or beneath one
	out    []byte
	kept   keptScratch
}

// structMemoSlots sizes the pseudonym memos of a Struct: records arrive one
// at a time, so a small memo catches a burst of one user's measurements
// without holding the megabytes an export's memos do.
const structMemoSlots = 64

func (s *Struct[T]) newState() *structState {
	st := &structState{val: new(T), ends: make([]int, len(s.inputs)), in: make([][]byte, len(s.inputs)), absent: make([]bool, len(s.inputs))}
	for _, p := range s.plan.b.memoFor {
		st.ctx.memos = append(st.ctx.memos, p.NewMemo(structMemoSlots))
	}
	return st
}

// apply de-identifies rv, an addressable copy. Every input is rendered
// before any field is written, so a date_shift reads the person's original
// ID even when that field is pseudonymized too.
func (s *Struct[T]) apply(rv reflect.Value, st *structState) error {
	if s.kept != nil {
		if err := s.kept.check(rv, &st.kept); err != nil {
			return err
		}
	}
	for _, l := range s.dynamic {
		if v, err := rv.FieldByIndexErr(l.index); err == nil {
			w := keptWalk{keys: !s.keptIdentifiers}
			if err := w.walk(v); err != nil {
				return &FieldError{Field: l.jsonPath, Action: string(Keep), Err: err}
			}
		}
	}
	defer func() {
		st.ctx.in = nil
		clear(st.in)
		clear(st.buf[:cap(st.buf)]) // rendered identifiers
		clear(st.out[:cap(st.out)])
	}()
	// What a nested pointer points to is shared with the caller's value:
	// the copy gets its own before any field beneath is written.
	for _, p := range s.ptrs {
		if v, err := rv.FieldByIndexErr(p.index); err == nil && !v.IsNil() {
			c := reflect.New(v.Type().Elem())
			c.Elem().Set(v.Elem())
			v.Set(c)
		}
	}
	st.buf = st.buf[:0]
	for k, l := range s.inputs {
		v, ok := l.value(rv)
		st.absent[k] = !ok
		if ok {
			st.buf = l.appendText(st.buf, v)
		}
		st.ends[k] = len(st.buf)
	}
	start := 0
	for k := range s.inputs {
		st.in[k] = st.buf[start:st.ends[k]:st.ends[k]]
		start = st.ends[k]
	}
	st.ctx.in = st.in
	for _, l := range s.conv {
		v := st.in[l.input]
		if st.absent[l.input] || len(v) == 0 && l.action != Replace {
			continue // nil stays nil, empty stays empty
		}
		step := &s.plan.steps[l.input]
		var err error
		st.out, err = step.t.apply(st.out[:0], v, &st.ctx)
		if err == nil {
			err = l.store(rv.FieldByIndex(l.index), st.out)
		}
		if err != nil {
			return &FieldError{Field: l.jsonPath, Action: string(l.action), Err: err}
		}
	}
	for _, l := range s.drops {
		if v, err := rv.FieldByIndexErr(l.index); err == nil {
			v.SetZero()
		}
	}
	return nil
}

// value returns the value of l in rv, through its pointer if it is one,
// and false when that pointer, or a nested one above it, is nil.
func (l *structLeaf) value(rv reflect.Value) (reflect.Value, bool) {
	v, err := rv.FieldByIndexErr(l.index)
	if err != nil {
		return v, false
	}
	if l.ptr {
		if v.IsNil() {
			return v, false
		}
		v = v.Elem()
	}
	return v, true
}

// store writes an action's output into field f: through a new pointer if
// f is one, since the old one points to the caller's value.
func (l *structLeaf) store(f reflect.Value, out []byte) error {
	if !l.ptr {
		return l.set(f, out)
	}
	e := reflect.New(f.Type().Elem())
	e.Elem().Set(f.Elem()) // setTime keeps the location and the time of day
	if err := l.set(e.Elem(), out); err != nil {
		return err
	}
	f.Set(e)
	return nil
}

// leafKind is how a field's value is rendered to text and read back.
type leafKind uint8

const (
	leafOther leafKind = iota // keep and drop only
	leafString
	leafTime
	leafInt
	leafUint
	leafFloat
	leafBool
	leafStruct
)

// A structLeaf is one field of T (or of a nested struct) with its action.
type structLeaf struct {
	path     string // the Go path, "Device.Serial", for tag errors
	jsonPath string // the path encoding/json writes, "device.serial", for record errors
	index    []int
	kind     leafKind
	ptr      bool // a pointer to a value of kind
	bits     int  // float size
	action   Action
	rule     Rule
	input    int  // index in the plan's inputs, for transformed fields
	readOnly bool // unexported
	typ      reflect.Type
}

var timeType = reflect.TypeFor[time.Time]()

// allowedActions lists the actions each kind of field can hold besides
// keep and drop; nil means every policy action.
var allowedActions = map[leafKind][]Action{
	leafOther:  {},
	leafString: nil,
	leafTime:   {Year, Month, DateShift},
	leafInt:    {Age},
	leafUint:   {Age},
	leafFloat:  {Round},
	leafBool:   {},
	leafStruct: {nested},
}

// kindOf returns the kind of field of type t, and whether t is a pointer
// to a value of that kind. Other pointers are leafOther: keep or drop.
func kindOf(t reflect.Type) (leafKind, bool) {
	if t.Kind() == reflect.Pointer {
		if k := valueKind(t.Elem()); k != leafOther {
			return k, true
		}
	}
	return valueKind(t), false
}

func valueKind(t reflect.Type) leafKind {
	if t == timeType {
		return leafTime
	}
	switch t.Kind() {
	case reflect.String:
		return leafString
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return leafInt
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return leafUint
	case reflect.Float32, reflect.Float64:
		return leafFloat
	case reflect.Bool:
		return leafBool
	case reflect.Struct:
		return leafStruct
	}
	return leafOther
}

// A leafCollector gathers the tagged fields of a struct type, nested ones
// included.
type leafCollector struct {
	typ    string
	leaves []*structLeaf
	ptrs   []*structLeaf // nested pointers to structs, outer first
	// dynamic are the kept fields that can hold interface values or maps
	// with string keys: Copy walks them (see keptWalk)
	dynamic []*structLeaf
}

// collect gathers the fields of t, a struct at the Go path prefix and the
// JSON path jsonPrefix (each "" or ending in ".") and the field index
// index of the type.
func (c *leafCollector) collect(t reflect.Type, prefix, jsonPrefix string, index []int) error {
	for i := range t.NumField() {
		f := t.Field(i)
		path := prefix + f.Name
		bad := func(format string, args ...any) error {
			return &TagError{Type: c.typ, Field: path, Msg: fmt.Sprintf(format, args...)}
		}
		tag, ok := f.Tag.Lookup("deid")
		if !ok {
			return bad("no deid tag: every field must say what happens to it (deid:\"keep\" keeps it)")
		}
		action, kv, err := parseTag(tag)
		if err != nil {
			return bad("tag %q: %v", tag, err)
		}
		kind, ptr := kindOf(f.Type)
		l := &structLeaf{
			path:     path,
			jsonPath: jsonPrefix + jsonName(f),
			index:    append(slices.Clone(index), i),
			kind:     kind,
			ptr:      ptr,
			action:   action,
			readOnly: !f.IsExported(),
			bits:     64,
			typ:      f.Type,
		}
		if k := f.Type.Kind(); k == reflect.Float32 || k == reflect.Pointer && f.Type.Elem().Kind() == reflect.Float32 {
			l.bits = 32
		}
		// The exported fields of an embedded struct of unexported type can
		// still be set (reflect's embedded read-only flag does not stick),
		// but not the embedded pointer itself.
		if l.readOnly && action != Keep && !(action == nested && f.Anonymous && !ptr) {
			return bad("unexported field tagged %q: it cannot be changed, only kept (tag it keep, export it, or move it out of the type)", action)
		}
		if action == nested {
			if len(kv) > 0 {
				return bad("nested takes no parameters")
			}
			if kind != leafStruct {
				return bad("nested needs a struct field or a pointer to a struct, not %s", f.Type)
			}
			jsonInner := l.jsonPath + "."
			if f.Anonymous && jsonTagName(f) == "" {
				jsonInner = jsonPrefix // encoding/json promotes its fields
			}
			st := f.Type
			if ptr {
				st = f.Type.Elem()
				c.ptrs = append(c.ptrs, l)
			}
			if err := c.collect(st, path+".", jsonInner, l.index); err != nil {
				return err
			}
			continue
		}
		if err := l.setRule(action, kv, f.Type); err != nil {
			return bad("tag %q: %v", tag, err)
		}
		if action == Keep {
			if where := changedBeneath(f.Type, map[reflect.Type]bool{}); where != "" {
				return bad("kept whole, but %s has a deid tag that drops or transforms it: tag the field nested (a struct or a pointer to one) or drop it (the elements of slices, arrays and maps get no tags applied)", where)
			}
			if walkedType(f.Type, map[reflect.Type]bool{}) {
				c.dynamic = append(c.dynamic, l)
			}
		}
		c.leaves = append(c.leaves, l)
	}
	return nil
}

// keptIdentifiers returns a *TagError for the first field tagged keep, or
// kept beneath a field tagged keep, whose name reads as a direct
// identifier (see [WarnIdentifierName]): a Struct has no report to warn in.
func keptIdentifiers(typ string, leaves []*structLeaf) error {
	for _, l := range leaves {
		if l.action != Keep {
			continue
		}
		if where, c, ok := identifierBeneath(l.path, l.jsonPath, l.typ, map[reflect.Type]bool{}); ok {
			return &TagError{Type: typ, Field: l.path, Msg: fmt.Sprintf(
				"kept, but %s reads as %s: drop or transform it, or compile with deid.WithKeptIdentifiers() to release it as it is", where, c)}
		}
	}
	return nil
}

// identifierBeneath reports the first name, among the field at the Go
// path and JSON path given, of type t, and the exported fields reachable
// from t, that reads as a direct identifier, with its category.
func identifierBeneath(path, jsonPath string, t reflect.Type, seen map[reflect.Type]bool) (string, Category, bool) {
	for _, name := range []string{jsonPath, path} {
		if c := classifyField(name); warnByName(c.kind) {
			return path, c.cat, true
		}
	}
	for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice || t.Kind() == reflect.Array || t.Kind() == reflect.Map {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct || t == timeType || seen[t] {
		return "", "", false
	}
	seen[t] = true
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		if where, c, ok := identifierBeneath(path+"."+f.Name, jsonPath+"."+jsonName(f), f.Type, seen); ok {
			return where, c, true
		}
	}
	return "", "", false
}

// changedBeneath returns the Go path, from type t, of a struct field
// reachable from t (through pointers, slices, arrays and maps) whose deid
// tag changes it, or "". Keeping a field of such a type whole would
// release what the tag says must not be: the tags of the type say how its
// values are de-identified wherever they are.
func changedBeneath(t reflect.Type, seen map[reflect.Type]bool) string {
	if seen[t] {
		return ""
	}
	seen[t] = true
	switch t.Kind() {
	case reflect.Pointer, reflect.Slice, reflect.Array:
		return changedBeneath(t.Elem(), seen)
	case reflect.Map:
		return cmp.Or(changedBeneath(t.Key(), seen), changedBeneath(t.Elem(), seen))
	case reflect.Struct:
		for i := range t.NumField() {
			f := t.Field(i)
			if tag, ok := f.Tag.Lookup("deid"); ok {
				if a, _, _ := strings.Cut(tag, ","); Action(strings.TrimSpace(a)) != Keep {
					return t.String() + "." + f.Name
				}
			}
			if where := changedBeneath(f.Type, seen); where != "" {
				return where
			}
		}
	}
	return ""
}

// changedTypes caches changedBeneath of the dynamic types met in kept
// interfaces: a type's tags do not change while the program runs.
var changedTypes sync.Map // reflect.Type → string

// ErrKeptIdentifier is the cause of a kept value that holds what reads as
// a direct identifier by name: a map key such as "email" or "first_name"
// beneath a field tagged keep (see [Struct]).
var ErrKeptIdentifier = errors.New("deid: a kept value holds an identifier")

// maxKeptDepth bounds how deep a kept value is walked: a value nested
// deeper is an error, never a value released unchecked.
const maxKeptDepth = 1000

// A keptWalk walks a kept value for what its static type does not show:
// the dynamic types of its interfaces (a type whose tags change a field
// must not be released whole) and, unless identifiers may be kept, the
// keys of its maps (a map decoded from JSON names its fields by keys). It
// visits each pointer, map and slice once, so a cyclic value ends.
type keptWalk struct {
	keys  bool
	seen  map[walked]bool
	depth int
	// text, when not nil, gets every string met (keys included), each
	// after a newline, for the identifier check of kept values
	text *[]byte
}

type walked struct {
	p uintptr
	n int
	t reflect.Type
}

// visit reports whether v, a pointer, map or slice, was visited before,
// and marks it.
func (w *keptWalk) visit(v reflect.Value, n int) bool {
	k := walked{v.Pointer(), n, v.Type()}
	if w.seen[k] {
		return true
	}
	if w.seen == nil {
		w.seen = map[walked]bool{}
	}
	w.seen[k] = true
	return false
}

// walk returns an error wrapping ErrUnsupportedType or ErrKeptIdentifier
// for what v holds that a kept value must not, or nil. The errors name
// types and categories, never a value or a key.
func (w *keptWalk) walk(v reflect.Value) error {
	if w.depth++; w.depth > maxKeptDepth {
		return fmt.Errorf("%w: a kept value nested more than %d levels deep cannot be checked", ErrUnsupportedType, maxKeptDepth)
	}
	defer func() { w.depth-- }()
	switch v.Kind() {
	case reflect.Interface:
		if v.IsNil() {
			return nil
		}
		e := v.Elem()
		where, ok := changedTypes.Load(e.Type())
		if !ok {
			where, _ = changedTypes.LoadOrStore(e.Type(), changedBeneath(e.Type(), map[reflect.Type]bool{}))
		}
		if where != "" {
			return fmt.Errorf("%w: it holds a %s, which has a deid tag that drops or transforms it; a kept value is released whole", ErrUnsupportedType, where)
		}
		return w.walk(e)
	case reflect.Pointer:
		if v.IsNil() || w.visit(v, 0) {
			return nil
		}
		return w.walk(v.Elem())
	case reflect.Slice:
		if v.IsNil() || w.visit(v, v.Len()) {
			return nil
		}
		fallthrough
	case reflect.Array:
		if w.text != nil && v.Type().Elem().Kind() == reflect.Uint8 {
			// bytes are text (a json.RawMessage, a []byte of a name)
			*w.text = append(*w.text, '\n')
			for i := range v.Len() {
				*w.text = append(*w.text, byte(v.Index(i).Uint()))
			}
			return nil
		}
		if w.text != nil && v.Type().Elem().Kind() == reflect.Int32 {
			w.appendRunes(v)
			return nil
		}
		for i := range v.Len() {
			if err := w.walk(v.Index(i)); err != nil {
				return err
			}
		}
	case reflect.Map:
		if v.IsNil() || w.visit(v, 0) {
			return nil
		}
		for it := v.MapRange(); it.Next(); {
			if err := w.key(it.Key()); err != nil {
				return err
			}
			if err := w.walk(it.Key()); err != nil {
				return err
			}
			if err := w.walk(it.Value()); err != nil {
				return err
			}
		}
	case reflect.String:
		if w.text != nil {
			*w.text = append(append(*w.text, '\n'), v.String()...)
		}
	case reflect.Struct:
		if w.text != nil && v.Type() == timeType {
			return nil // its location's names are no value of the record
		}
		for i := range v.NumField() {
			if err := w.walk(v.Field(i)); err != nil {
				return err
			}
		}
	}
	return nil
}

// key returns an error wrapping ErrKeptIdentifier when k, a map key, is a
// string that reads as a direct identifier (see [WarnIdentifierName]).
func (w *keptWalk) key(k reflect.Value) error {
	if !w.keys {
		return nil
	}
	if k.Kind() == reflect.Interface && !k.IsNil() {
		k = k.Elem()
	}
	if k.Kind() != reflect.String {
		return nil
	}
	if c := classifyField(k.String()); warnByName(c.kind) {
		return fmt.Errorf("%w: a key of a kept map reads as %s; drop or transform the field, or compile with deid.WithKeptIdentifiers() to release it as it is", ErrKeptIdentifier, c.cat)
	}
	return nil
}

// walkedType reports whether a kept value of type t must be walked: it
// can hold an interface value, whose dynamic type only a value tells, or a
// map with string keys, which name what they hold.
func walkedType(t reflect.Type, seen map[reflect.Type]bool) bool {
	if seen[t] {
		return false
	}
	seen[t] = true
	switch t.Kind() {
	case reflect.Interface:
		return true
	case reflect.Pointer, reflect.Slice, reflect.Array:
		return walkedType(t.Elem(), seen)
	case reflect.Map:
		return t.Key().Kind() == reflect.String || walkedType(t.Key(), seen) || walkedType(t.Elem(), seen)
	case reflect.Struct:
		for i := range t.NumField() {
			if walkedType(t.Field(i).Type, seen) {
				return true
			}
		}
	}
	return false
}

// changedPointers returns the nested pointers beneath which a field is
// written (transformed or dropped), outer first.
func (c *leafCollector) changedPointers() []*structLeaf {
	var out []*structLeaf
	for _, p := range c.ptrs {
		if slices.ContainsFunc(c.leaves, func(l *structLeaf) bool {
			return l.action != Keep && len(l.index) > len(p.index) && slices.Equal(l.index[:len(p.index)], p.index)
		}) {
			out = append(out, p)
		}
	}
	return out
}

// jsonName is the name encoding/json gives field f: its json tag's, or
// its Go name (also for a field the tag leaves out, "-": errors still
// need to name it).
func jsonName(f reflect.StructField) string {
	return cmp.Or(jsonTagName(f), f.Name)
}

func jsonTagName(f reflect.StructField) string {
	tag := f.Tag.Get("json")
	if tag == "-" {
		return ""
	}
	name, _, _ := strings.Cut(tag, ",")
	return name
}

// parseTag splits "action,name=value,..." into the action and its
// parameters.
func parseTag(tag string) (Action, map[string]string, error) {
	parts := strings.Split(tag, ",")
	a := Action(strings.TrimSpace(parts[0]))
	switch {
	case a == "":
		return "", nil, errors.New("no action")
	case a == "-":
		return "", nil, errors.New(`"-" is not an action: say keep or drop`)
	}
	if _, ok := params[a]; !ok && a != nested {
		return "", nil, fmt.Errorf("unknown action %q%s (known: %s, %s)", a, didYouMean(string(a), append(actionNames(), string(nested))), joinActions(), nested)
	}
	kv := map[string]string{}
	for _, p := range parts[1:] {
		name, value, ok := strings.Cut(p, "=")
		name = strings.TrimSpace(name)
		switch {
		case !ok:
			return "", nil, fmt.Errorf("parameter %q is not name=value", strings.TrimSpace(p))
		case name == "":
			return "", nil, errors.New("parameter without a name")
		case value == "":
			return "", nil, fmt.Errorf("parameter %q has no value", name)
		}
		if _, dup := kv[name]; dup {
			return "", nil, fmt.Errorf("parameter %q given twice", name)
		}
		kv[name] = value
	}
	return a, kv, nil
}

// ruleParams maps the JSON names of Rule's fields to their indexes, so that
// tag parameters are exactly the policy's parameters.
var ruleParams = func() map[string]int {
	m := map[string]int{}
	t := reflect.TypeFor[Rule]()
	for i := range t.NumField() {
		name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
		if name != "field" && name != "action" {
			m[name] = i
		}
	}
	return m
}()

// setRule checks the action against the field's type and builds the
// field's policy rule from the tag's parameters.
func (l *structLeaf) setRule(a Action, kv map[string]string, t reflect.Type) error {
	if a != Keep && a != Drop {
		allowed := allowedActions[l.kind]
		if allowed != nil && !slices.Contains(allowed, a) {
			return fmt.Errorf("action %s cannot be applied to a field of type %s", a, t)
		}
	}
	l.rule = Rule{Field: l.path, Action: a}
	rv := reflect.ValueOf(&l.rule).Elem()
	names := make([]string, 0, len(kv))
	for name := range kv {
		names = append(names, name)
	}
	slices.Sort(names) // report the first bad parameter deterministically
	for _, name := range names {
		i, known := ruleParams[name]
		if !known {
			return fmt.Errorf("unknown parameter %q%s", name, didYouMean(name, params[a]))
		}
		if !slices.Contains(params[a], name) {
			return fmt.Errorf("parameter %q does not apply to action %s%s", name, a, takes(a))
		}
		if err := setParam(rv.Field(i), kv[name]); err != nil {
			return fmt.Errorf("parameter %q: %v", name, err)
		}
	}
	switch l.kind {
	case leafTime:
		if (a == Year || a == Month) && l.rule.topCode() {
			return fmt.Errorf("%s on a time.Time needs top_code=false: a time.Time cannot hold the %q category of people aged 90 or over; "+
				"keep birth dates that need top-coding in a string field", a, "90+")
		}
		if l.rule.Label != "" {
			return errors.New("label does not apply to a time.Time")
		}
	case leafInt, leafUint:
		if l.rule.Label != "" {
			return errors.New("label does not apply to an integer: ages of 90 and over become 90")
		}
	}
	return nil
}

func setParam(f reflect.Value, s string) error {
	switch f.Interface().(type) {
	case string:
		f.SetString(s)
	case *string:
		f.Set(reflect.ValueOf(&s))
	case int, *int:
		n, err := strconv.Atoi(s)
		if err != nil {
			return errors.New("not an integer")
		}
		if f.Kind() == reflect.Pointer {
			f.Set(reflect.ValueOf(&n))
		} else {
			f.SetInt(int64(n))
		}
	case bool, *bool:
		b, err := strconv.ParseBool(s)
		if err != nil {
			return errors.New("not true or false")
		}
		if f.Kind() == reflect.Pointer {
			f.Set(reflect.ValueOf(&b))
		} else {
			f.SetBool(b)
		}
	case *uint32:
		n, err := strconv.ParseUint(s, 10, 32)
		if err != nil {
			return errors.New("not a key ID (a whole number from 0 to 4294967295)")
		}
		id := uint32(n)
		f.Set(reflect.ValueOf(&id))
	case float64:
		x, err := strconv.ParseFloat(s, 64)
		if err != nil || math.IsNaN(x) || math.IsInf(x, 0) {
			return errors.New("not a number")
		}
		f.SetFloat(x)
	case []string:
		f.Set(reflect.ValueOf(strings.Split(s, "|")))
	default:
		return errors.New("cannot be written in a struct tag")
	}
	return nil
}

// compile builds the policy of the transformed fields and the plan that
// applies it.
func (s *Struct[T]) compile(leaves []*structLeaf, keys Keys, cfg structConfig) error {
	byPath := make(map[string]*structLeaf, len(leaves))
	for _, l := range leaves {
		byPath[l.path] = l
	}
	p := &Policy{Name: "struct " + s.typ, Default: Drop}
	if !cfg.ref.IsZero() {
		p.ReferenceDate = cfg.ref.Format(time.DateOnly)
	}
	inPlan := map[string]bool{}
	for _, l := range leaves {
		switch l.action {
		case Keep:
		case Drop:
			s.drops = append(s.drops, l)
		default:
			l.input = len(s.inputs)
			s.inputs = append(s.inputs, l)
			s.conv = append(s.conv, l)
			if l.rule.Action == Pseudonymize && l.rule.Domain == "" {
				l.rule.Domain = cfg.domain
			}
			p.Fields = append(p.Fields, l.rule)
			inPlan[l.path] = true
		}
	}
	// A scrub replaces the values of the record's identifying fields in its
	// text (scrub_known.go): the other text and integer fields join the
	// plan's inputs with their actions, without being written.
	if slices.ContainsFunc(s.conv, func(l *structLeaf) bool { return l.action == Scrub }) {
		for _, l := range leaves {
			if !inPlan[l.path] && (l.kind == leafString || l.kind == leafInt || l.kind == leafUint) {
				inPlan[l.path] = true
				s.inputs = append(s.inputs, l)
				p.Fields = append(p.Fields, Rule{Field: l.path, Action: l.action})
			}
		}
	}
	// A date shift reads its person's field; that field joins the plan's
	// inputs (as keep, if nothing else changes it) without being written.
	for _, l := range s.conv {
		if l.action != DateShift {
			continue
		}
		who, ok := byPath[l.rule.Person]
		if !ok {
			return &TagError{Type: s.typ, Field: l.path, Msg: fmt.Sprintf("person %q is not a field of the type (use the Go field path)", l.rule.Person)}
		}
		if who.kind != leafString && who.kind != leafInt && who.kind != leafUint {
			return &TagError{Type: s.typ, Field: l.path, Msg: fmt.Sprintf("person %q must be a string or integer field", l.rule.Person)}
		}
		if !inPlan[who.path] {
			inPlan[who.path] = true
			s.inputs = append(s.inputs, who)
			p.Fields = append(p.Fields, Rule{Field: who.path, Action: Keep})
		}
	}
	s.policy = p
	fields := make([]string, len(s.inputs))
	for k, l := range s.inputs {
		fields[k] = l.path
	}
	pl, err := Compile(p, fields, keys)
	if err != nil {
		var pe *PolicyError
		if errors.As(err, &pe) {
			field, msg := pe.Field, pe.Msg
			if field == "" {
				field = "(type)"
			}
			if strings.Contains(msg, "reference_date") {
				msg += "; pass deid.WithReferenceDate to ForType, or tag top_code=false"
			}
			return &TagError{Type: s.typ, Field: field, Msg: msg, Err: err}
		}
		return &TagError{Type: s.typ, Field: "(type)", Msg: err.Error(), Err: err}
	}
	s.plan = pl
	return nil
}

// appendText renders a field value as the text its action reads.
func (l *structLeaf) appendText(dst []byte, v reflect.Value) []byte {
	switch l.kind {
	case leafString:
		return append(dst, v.String()...)
	case leafTime:
		t, _ := reflect.TypeAssert[time.Time](v) // no boxing, unlike Interface
		if t.IsZero() {
			return dst // the zero time stands for "no time": it stays zero
		}
		return t.AppendFormat(dst, time.DateOnly)
	case leafInt:
		return strconv.AppendInt(dst, v.Int(), 10)
	case leafUint:
		return strconv.AppendUint(dst, v.Uint(), 10)
	case leafFloat:
		return strconv.AppendFloat(dst, v.Float(), 'f', -1, l.bits)
	}
	return dst // unreachable: other kinds take keep or drop only
}

// set writes an action's output back into the field.
func (l *structLeaf) set(v reflect.Value, out []byte) error {
	switch l.kind {
	case leafString:
		v.SetString(string(out))
		return nil
	case leafTime:
		return l.setTime(v, out)
	case leafInt, leafUint:
		n := topCodeAge
		if string(out) != l.rule.label() {
			d, ok := digits(out)
			if !ok || len(out) == 0 || len(out) > 3 {
				return fmt.Errorf("%w: age output is not a whole number", ErrUnsupportedType)
			}
			n = d
		}
		if l.kind == leafInt {
			v.SetInt(int64(n))
		} else {
			v.SetUint(uint64(n))
		}
		return nil
	case leafFloat:
		x, err := strconv.ParseFloat(string(out), l.bits)
		if err != nil {
			return fmt.Errorf("%w: rounded value out of range for float%d", ErrOutOfRange, l.bits)
		}
		v.SetFloat(x)
		return nil
	}
	return fmt.Errorf("%w: %s on this field", ErrUnsupportedType, l.action)
}

func (l *structLeaf) setTime(v reflect.Value, out []byte) error {
	old, _ := reflect.TypeAssert[time.Time](v)
	loc := old.Location()
	bad := errDateOutput
	var t time.Time
	switch l.action {
	case Year:
		y, ok := digits(out)
		if !ok || len(out) != 4 {
			return bad
		}
		t = time.Date(y, time.January, 1, 0, 0, 0, 0, loc)
	case Month:
		if len(out) != 7 || out[4] != '-' {
			return bad
		}
		y, ok1 := digits(out[:4])
		m, ok2 := digits(out[5:])
		if !ok1 || !ok2 {
			return bad
		}
		t = time.Date(y, time.Month(m), 1, 0, 0, 0, 0, loc)
	case DateShift:
		c, err := parseDate(out)
		if err != nil || len(out) != 10 {
			return bad
		}
		h, mi, s := old.Clock()
		t = time.Date(c.y, time.Month(c.m), c.d, h, mi, s, old.Nanosecond(), loc)
	default:
		return fmt.Errorf("%w: %s on a time.Time", ErrUnsupportedType, l.action)
	}
	if v.CanAddr() {
		*v.Addr().Interface().(*time.Time) = t // no boxing, unlike Set
	} else {
		v.Set(reflect.ValueOf(t))
	}
	return nil
}

// errDateOutput reports an action output that is not the date it should
// be; made once, since setTime runs per field per record.
var errDateOutput = fmt.Errorf("%w: unexpected date output", ErrMalformedDate)
