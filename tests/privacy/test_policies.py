"""Every table that can hold a person's rows has an erasure policy: a table added later fails here
until someone decides whether erasure deletes, anonymises or keeps its rows (and exports it: the
export reads the same tables)."""

from leadcapture.privacy.erase import ANONYMISED, DELETED, KEPT
from leadcapture.privacy.person import person_tables


def test_each_table_holding_people_is_deleted_anonymised_or_kept(app_ctx):
    decided = [*DELETED, *ANONYMISED, *KEPT]
    assert len(decided) == len(set(decided))
    assert sorted(table.name for table in person_tables()) == sorted(decided)
