// Package kanon generalizes the quasi-identifiers of a table so that no
// released row singles anyone out, and measures and verifies what a release
// guarantees.
//
// # The data model
//
// A [Table] holds the columns that matter: quasi-identifiers (QIs) — values
// such as birth year, sex, ZIP code or device model that are harmless alone
// but identify people in combination and can be linked with other data —
// and sensitive attributes, the health data released as they are. Each
// column is dictionary-encoded to int32 codes (4 bytes per cell); numeric
// codes follow the numbers, categorical codes follow their hierarchy, so
// every hierarchy node covers a contiguous range of codes. Tables come from
// [ReadCSV] (any delimiter) or a [Builder]. When a person may have many
// rows, [Schema].Individual names the column that says whose row it is (see
// "Several rows per individual" below).
//
// A [Hierarchy] says how a QI's values generalize, level by level, up to
// "*": read from ARX's CSV format with [ReadHierarchy], or built with
// [Intervals], [Dates], [Masking] and [Tree]. A QI without a hierarchy still
// works: a numeric one is released as ranges (with automatic intervals for
// the full-domain search) and a categorical one generalizes straight to "*".
//
// Numbers are decimal numbers as written ("72", "-0.5", "1.50", "1e-6";
// not hexadecimal, infinities or NaN). They are ordered, and intervals and
// ranges computed, exactly on their decimal digits, never on float64
// approximations, so a released interval always holds the value it
// stands for. A bound the algorithms compute or print is spelled one way
// for each number: without superfluous zeros or sign ("1.5", not "01.50";
// "0", not "-0"), in plain notation from 1e-20 to below 1e21 and with an
// exponent beyond ("1e+21"). A value released as itself keeps its
// original spelling.
//
// # Algorithms
//
// [Mondrian] is multidimensional local recoding (LeFevre et al., 2006): it
// splits the rows at medians while both halves satisfy the models, and
// releases ranges for numeric QIs and the lowest covering hierarchy node for
// categorical ones. It keeps most detail and runs in O(n log n) expected
// time with about 12 bytes per row of working memory (more with an
// individual column: see [Mondrian]); strict mode keeps classes disjoint,
// relaxed mode also splits runs of equal numeric values where no strict
// cut is allowed, and so never loses more than strict mode (see
// [Config].Relaxed for why it must not try the relaxed cut first).
//
// [Optimal] is full-domain generalization: one hierarchy level per QI for
// every row, plus suppression of up to [Config].Suppression of the rows. It
// returns the level combination with the best [Metric], exactly, searching
// the lattice of levels with pruning by lower bounds and, for the models
// that are monotone, by monotonicity (see [Optimal]). Its output is simpler
// to analyze (every value of a column is generalized the same way) at a
// cost in detail.
//
// Both return a [Result]: for every input row, in the original order, its
// released QI values ([Result.Released], [Result.Rows]) or suppression,
// and the achieved [Metrics].
//
// # Privacy models and what they guarantee
//
// Every model constrains each equivalence class (the rows sharing released
// QI values); models combine by listing several in [Config].Models.
//
//   - [KAnonymity](k): each class has at least k rows, so linking on the QIs
//     leaves at least k candidates: the risk of re-identifying a row
//     (prosecutor risk) is at most 1/k. It does NOT stop attribute
//     disclosure: if all k rows of a class share a diagnosis, an attacker
//     who places someone in the class learns the diagnosis without knowing
//     which row is theirs (the homogeneity attack), and background knowledge
//     can rule rows out.
//   - [DistinctLDiversity](l): at least l distinct sensitive values per
//     class, against homogeneity. Values may still be skewed (99 "flu" and
//     1 "HIV" is 2-diverse) or semantically close.
//   - [EntropyLDiversity](l): the entropy of each class's sensitive values
//     is at least log l, which bounds the skew.
//   - [RecursiveCLDiversity](c, l): the most frequent value is rarer than c
//     times the sum of the l-th and less frequent ones, so that removing l-1
//     values by background knowledge still leaves diversity.
//   - [TCloseness](t): each class's distribution of sensitive values is
//     within Earth Mover's Distance t of the whole table's (equal distance
//     for categorical values, ordered distance for numeric ones), which
//     limits what membership in a class reveals beyond the table as a whole.
//     It does not hide the table-wide distribution itself.
//
// No model protects against an attacker who knows the released data set
// contains all but one person, against linking on attributes not declared
// as QIs, or across several releases of overlapping data: declare every
// attribute an attacker could know as a QI and release once per purpose.
//
// l-diversity and t-closeness apply to every sensitive attribute of the
// table. Suppressed rows are withheld and belong to no class; t-closeness
// compares with the distribution of the whole table, suppressed rows
// included.
//
// # Several rows per individual
//
// Measurement data has many rows per person: a user's weighings, each with
// the same date of birth, sex and ZIP code. Counting rows, a class of 10
// rows can be one person's 10 measurements: the release is 10-anonymous
// and still singles that person out. Name the column that identifies the
// person (a pseudonymized user ID) in [Schema].Individual, and the models
// count people:
//
//   - [KAnonymity](k) requires k distinct individuals in every class,
//     whatever the number of rows. [Mondrian] splits only where both halves
//     keep k individuals; [Optimal] suppresses classes of fewer than k
//     individuals (its suppression limit still counts rows); [Verify] counts
//     the individuals of each class it rebuilds from the released strings,
//     so a release computed as if each row were a person fails it wherever
//     a class holds fewer than k people.
//   - l-diversity and t-closeness count each individual once per sensitive
//     value it has in the class, and t-closeness compares with the table's
//     distribution counted the same way. The attacker asks what the class
//     reveals about a person, so people, not rows, must carry the weight:
//     counting rows, three people with diabetes (one row each) and a
//     healthy one with six rows look two-thirds healthy, while three of the
//     four people the target may be have diabetes. For a value that is
//     constant per person (a diagnosis) the distribution is over people;
//     for one that varies (a measurement) each person counts once per
//     distinct value. Distinct l-diversity is the same either way.
//   - [Metrics] and [Result.Risk] measure privacy in people: K and C_avg
//     count individuals, and the prosecutor risk of a person is 1/(the
//     individuals of its class), averaged over released individuals.
//     Utility stays in rows: NCP, discernibility, [Metrics].MinClassRows
//     and the counts of rows and suppressed rows.
//
// What it guarantees: every released class holds rows of at least k
// people, so an attacker who knows a target's quasi-identifiers, and that
// the target is in the data, finds at least k candidate people.
//
// What it does not: if one person's rows have different quasi-identifier
// values (a user who moved), they may fall in different classes. Each
// class still holds k people, but when the release keeps the individual
// column, as a pseudonym, an attacker who knows several of the target's
// values can intersect the classes: the pseudonyms present in all of them
// may be fewer than k. The usual mitigation is to make the
// quasi-identifiers constant per individual (date of birth, sex, ZIP and
// state are, unless someone moves), for example by keeping each person's
// first values, or not to release the individual column. Also, k says
// nothing of how rows spread among the people of a class: a row of a class
// where one person has most rows is probably theirs, which matters to an
// attacker who wants to learn about a row rather than about a person.
//
// # Metrics
//
// NCP (the normalized certainty penalty, or GCP when averaged over a table)
// is in percent: a cell costs 0 when released as is, the share of the
// column's range for a numeric range, the share of the column's values for
// a hierarchy node, and 1 when suppressed. Discernibility sums the squared
// class sizes and charges each suppressed row the table size. C_avg is the
// average class size over k. [Result.Risk] gives prosecutor, journalist and
// marketer re-identification risks, the latter two against a population
// table.
//
// # Verification
//
// [Verify] checks any [Release] independently of the algorithm: it rebuilds
// the classes from the released strings, checks each model on them, and
// checks that every released value truthfully generalizes the original. The
// subpackage kanontest has gopter generators and ready properties to run
// these checks on one's own column shapes and models.
//
// # Errors
//
// Errors wrap [ErrHierarchy], [ErrSchema], [ErrInput], [ErrConfig],
// [ErrUnsatisfiable] or, together with the context's error,
// [ErrCanceled]. Errors about table rows ([InputError]), a value missing
// from its hierarchy among them, name the row or line and the column but
// never a cell's content; errors in a hierarchy's own definition
// ([HierarchyError]) name the hierarchy value and line at fault.
//
// # Risk against the population
//
// A data set is usually a sample of a larger population, and an attacker
// who links it with a register of that population re-identifies with
// certainty only the people unique in the population, not every sample
// unique. Three measures look beyond the data set:
//
//   - [Result.PopulationUniqueness] and [EstimateUniqueness] estimate, from
//     the class sizes alone and a [SamplingFraction] or [PopulationSize],
//     how many people are unique in the population, with the Pitman,
//     Zayatz and SNB models and the decision rule of Dankar et al. (2012)
//     between them, as ARX does. The models suppose a simple random
//     sample; they err mostly upwards on realistic populations (see the
//     tests for measured errors).
//   - [Result.KMap] counts, for each released class, the people of a
//     [Population] (census counts per ZIP3, sex and birth-year band, read
//     with [ReadPopulation]) that its released values cover: k-map asks
//     for k people in the population rather than in the data set.
//   - [Result.Presence] bounds δ-presence when the data set is a subset of
//     a known population: the probability that a person of the
//     population whose values a class covers is in the data set.
//
// Population counts are lower bounds: a population cell coarser than a
// released value counts for no class. An invalid sampling fraction or a
// population that does not fit the release wraps [ErrPopulation].
package kanon
