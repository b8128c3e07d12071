-- Reserved: replaced by the tables of this part (placeholder statement so the migration runs).
SELECT 1;
