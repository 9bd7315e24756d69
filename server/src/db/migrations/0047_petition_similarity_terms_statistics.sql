-- Similar petitions: the search picks the query's rarest terms by the planner's statistics of
-- petition.similarity_terms (pg_stats.most_common_elems, see similar.repository.ts). A larger target
-- tracks 10,000 terms instead of 1,000, so "rare" means rarer at a million petitions.
ALTER TABLE petition ALTER COLUMN similarity_terms SET STATISTICS 1000;
