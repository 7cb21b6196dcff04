Q7747	P39	Q218295	P580	+2012-05-00T00:00:00Z/10	P582	+2030-01-02T00:00:00Z/11	S577	+2024-05-07T00:00:00Z/11	S813	+2026-12-01T00:00:00Z/11	S854	"https://example.org/a"	# tests/data/quickstatements/a.facts:8
Q4000000001	P710	Q4000000002	S577	+2024-05-07T00:00:00Z/11	S813	+2026-12-01T00:00:00Z/11	S854	"https://example.org/a"	# tests/data/quickstatements/a.facts:14
Q4000000001	P710	Q7747	S577	+2024-05-07T00:00:00Z/11	S813	+2026-12-01T00:00:00Z/11	S854	"https://example.org/a"	# tests/data/quickstatements/a.facts:14
Q7747	P1683	en:"words"	P585	+2024-05-06T00:00:00Z/11	S577	+2024-05-07T00:00:00Z/11	S813	+2026-12-01T00:00:00Z/11	S854	"https://example.org/a"	# tests/data/quickstatements/a.facts:19
Q7747	P39	Q218295	P580	+2012-05-00T00:00:00Z/10	P582	+2030-01-02T00:00:00Z/11	S577	+2030-00-00T00:00:00Z/9	S854	"https://example.org/b"	# tests/data/quickstatements/b.facts:7
Q7747	P1683	en:"said twice"	P585	+2024-05-30T00:00:00Z/11	S577	+2024-06-01T00:00:00Z/11	S813	+2026-12-01T00:00:00Z/11	S854	"https://example.org/c"	# tests/data/quickstatements/c.facts:11
Q7747	P1683	en-gb:"a \ backslash"	P585	+2024-06-01T00:00:00Z/11	S577	+2024-06-01T00:00:00Z/11	S813	+2026-12-01T00:00:00Z/11	S854	"https://example.org/c"	# tests/data/quickstatements/c.facts:23
Q7747	P1683	en:"last week's words"	P585	+2024-05-00T00:00:00Z/10	S577	+2024-06-01T00:00:00Z/11	S813	+2026-12-01T00:00:00Z/11	S854	"https://example.org/c"	# tests/data/quickstatements/c.facts:31
Q7747	P1683	en:"said twice"	P585	+2024-05-30T00:00:00Z/11	S577	+2024-05-30T00:00:00Z/11	S854	"https://example.org/d"	# tests/data/quickstatements/d.facts:7
