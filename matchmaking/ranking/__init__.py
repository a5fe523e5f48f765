"""The matching engine's ranking core: TF-IDF over plain data. Pure: no ORM, no Django.

`RankingIndex.fit(documents)` builds a weighted term x document matrix from doc_id -> {field: text};
`search(text)` scores a text against it and returns the top k; `explain(text, doc_id)` says which
terms produced a match's score. `selectors.py` feeds documents in, `services.py` persists indexes.

Weighting. Every knob is a `RankerConfig` field whose default was chosen by measurement on the
cran, cisi, med and adi test collections (`manage.py evaluate_ranking`; log in `TUNING_LOG`):

* Text analysis: lower-case `\\w+` tokens in any script, accents folded, stop words dropped,
  Snowball stems, each in the text's detected language (`languages`; English: sklearn's stop words
  and the English stemmer, as tuned); Hangul/CJK runs become character bigrams. Single ASCII
  characters are dropped; a single CJK or Hangul character stays. `RankerConfig.languages` =
  ("en",) reads everything as English (the classic collections).
* Document side: a term's weight in a document is idf(t) x a saturated, length-normalised term
  frequency, the BM25 form of TF-IDF: tf (k1 + 1) / (tf + k1 (1 - b + b dl / avgdl)) with
  idf = log(1 + (N - df + 0.5) / (df + 0.5)). Fields count with weights, BM25F-style: a title
  word counts `title` times, in tf and in the document length dl.
* Query side: a query term weighs its count in the query; the score is the dot product.
* Pseudo-relevance feedback (Rocchio): the top `feedback_docs` documents of a first pass, weighted
  by score, are averaged as L1-normalised weight vectors; the `feedback_terms` strongest terms of
  that average make up `feedback_weight` of the final query, the original terms the rest.
  Feedback reads the whole index, so `allowed` filters results without changing scores.

Layout and speed. The weighted matrix is CSR with shape (n_terms, n_docs), "terms x documents",
its float32 weights held as float64: a query reads only its own terms' rows, which scipy's compiled
kernel adds into the scores one term at a time where they lie (`scoring.Postings`: about 1 ns a
posting, no row copy); the top k then comes from a block-maximum bound and a partial sort of the
few columns that pass it. An exact MaxScore-style top k (`pruning`: rare terms first, a floor from
exactly scored leaders, the survivors scored from their own rows) gives the same results from a
third to a half of the postings, but pays only for small k with feedback on (where the documents x
terms copy exists); at production's k = 250 without feedback it was slower (2.3 against 2.1 ms),
so it is not used there. A query text's analysis and term ids are kept per exact text (`caching`),
so a stored need asked again skips analysis. Feedback needs documents' own vectors, so a
documents x terms copy of the weights is kept when feedback is on. Documents upserted after the fit
live in a small side structure, sparse vectors in a dict plus tombstones on the fitted columns,
that every search merges in; refit (`services.rebuild_match_index`) to fold them in and refresh idf.

Deterministic: the same documents, config and calls give the same results; ties break by doc_id.
Scores are float64 sums of float32 weights added in term-id order per document (search, scores,
the pruned top k and the documents' own rows give the same bits); explain sums in another order and
agrees to about 1e-6 relative.

The package, by concern: `config` (`RankerConfig` and `TUNING_LOG`), `languages` (which language a text
is in: scripts, a function-word vote, lingua), `analysis` (words and terms per language: tokens, Hangul
bigrams, stop words, accent folding, stems), `bm25` (the BM25 weights, shared by the fit and by
upserts), `fitting` (`fit_corpus`: one pass over a corpus), `corpus` (`FittedCorpus`: the fitted terms x
documents matrix and its tombstones), `vocabulary` (`Vocabulary`: terms, surface words, idf), `scoring`
(dense scores from a CSR matrix, `Postings`, and the top-k selection), `pruning` (`PrunedTopK`: the
exact top k from part of the postings), `caching` (`TextCache`: per-text query analysis), `upserts`
(`SideDocuments`: documents upserted after the fit), `feedback` (`FeedbackModel`: Rocchio
pseudo-relevance feedback and the documents x terms copy), `explain` (`TermContribution`: which terms
made a score), `index` (`RankingIndex`, composed of the above: fit, search, scores, explain, upsert,
remove) and `persistence` (`save_index`, `load_index`, `FORMAT_VERSION`); with sentence vectors,
`dense`, `encoder`, `fusion` and `hybrid` (`text_matches`: production's lexical + dense + fusion query,
which bench/ranking.py times). Import from the concrete module.
"""
