"""How `make test` shares the tests out among its processes (tests/conftest.py): the two
browser groups start at once, the files follow, and the quick cases shared out one by one
come last, to keep every process busy until the last file is done."""

from tests.conftest import TestsOfAFileInOneProcess as Scheduler

COLLECTED = [
    "tests/accounts/test_people.py::test_an_invitation",
    "tests/permissions/test_permission_matrix.py::test_permission_matrix[GET-home-as-councillor]",
    "tests/browser/test_journeys.py::test_a_journey",
    "tests/permissions/test_permission_matrix.py::test_permission_matrix[GET-home-as-officer]",
    "tests/reports/test_compile.py::test_a_compile",
    "tests/reports/test_compile.py::test_another_compile",
    "tests/browser/test_accessibility.py::test_every_page",
    "tests/browser/test_html_validity.py::test_every_page_is_valid",
    "tests/browser/test_keyboard.py::test_the_skip_link",
]


class Process:
    """A pytest-xdist process as the scheduler sees it: it is sent tests by their index."""

    def __init__(self):
        self.sent: list[list[str]] = []

    def send_runtest_some(self, indexes: list[int]) -> None:
        self.sent.append([COLLECTED[index] for index in indexes])


class Options:
    """The command line's options, as `make test` gives them: two processes."""

    def getvalue(self, name: str):
        return {"tx": ["2*popen"]}[name]


def test_browser_groups_first_then_files_then_the_tests_shared_out_one_by_one():
    scheduler = Scheduler(Options())
    for nodeid in COLLECTED:
        scheduler.workqueue.setdefault(scheduler._split_scope(nodeid), {})[nodeid] = False
    process = Process()
    scheduler.registered_collections[process] = COLLECTED

    while scheduler.workqueue:
        scheduler._assign_work_unit(process)

    assert process.sent == [
        [COLLECTED[6], COLLECTED[7]],  # the walks
        [COLLECTED[2], COLLECTED[8]],  # the journeys and the other browser tests
        [COLLECTED[0]],
        [COLLECTED[4], COLLECTED[5]],  # a file's tests together
        [COLLECTED[1]],
        [COLLECTED[3]],
    ]
