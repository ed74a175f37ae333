"""Company-relations knowledge graph: schema, Cypher per dialect, stores, builder, queries."""
