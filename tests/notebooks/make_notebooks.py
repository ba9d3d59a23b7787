"""Regenerate the tiny test notebooks: run from the repository root."""
import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook


def nb(cells, params):
    n = new_notebook()
    n.metadata = {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
                  "language_info": {"name": "python"}}
    p = new_code_cell(params)
    p.metadata["tags"] = ["parameters"]
    n.cells = [new_markdown_cell("# Test report"), p] + cells
    for i, c in enumerate(n.cells):
        c.id = f"cell-{i}"
    return n

PARAMS = '''case_id = "example"
data_dir = ""
output_dir = "."
dates = None
seed = 0
show_code = False'''

BODY = '''import json
import sys
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd
import yaml

case_dir = Path(data_dir) / case_id
out = Path(output_dir)
meta = yaml.safe_load((case_dir / "case.yml").read_text(encoding="utf-8"))
actors = pd.read_csv(case_dir / "actors.csv", dtype=str)
actors[["id", "name"]]'''

FIG = '''fig, ax = plt.subplots(figsize=(3, 2))
ax.bar(range(len(actors)), range(1, len(actors) + 1))
ax.set_title(meta["title"])
(out / "figures").mkdir(exist_ok=True)
(out / "tables").mkdir(exist_ok=True)
fig.savefig(out / "figures" / "bars.png", metadata={"Software": None})
actors.to_csv(out / "tables" / "actors.csv", index=False)
results = {"case_id": case_id, "n_actors": len(actors), "seed": seed, "title": meta["title"],
           "preloaded": "govnet" in sys.modules}
(out / "results.json").write_text(json.dumps(results), encoding="utf-8")
plt.show()'''

nbformat.write(nb([new_code_cell(BODY), new_code_cell(FIG)], PARAMS), "tests/notebooks/tiny_case.ipynb")
nbformat.write(nb([new_code_cell(BODY), new_code_cell('raise ValueError(f"deliberately broken: {case_id}")')], PARAMS),
               "tests/notebooks/broken_case.ipynb")
nbformat.write(nb([new_code_cell('import time\n\ntime.sleep(600)')], PARAMS), "tests/notebooks/slow_case.ipynb")
nbformat.write(nb([new_code_cell('''import json
from pathlib import Path

import pandas as pd

rows = []
for path in sorted(Path(reports_dir).glob("*/results.json")):
    if path.parent.name.startswith(".") or path.parent.name == "cross-case":
        continue
    rows.append(json.loads(path.read_text(encoding="utf-8")))
table = pd.DataFrame(rows, columns=["case_id", "n_actors", "title"])
out = Path(output_dir)
(out / "tables").mkdir(exist_ok=True)
table.to_csv(out / "tables" / "cases.csv", index=False)
(out / "results.json").write_text(json.dumps({"cases": list(table["case_id"])}), encoding="utf-8")
table''')], 'reports_dir = "reports"\noutput_dir = "."'), "tests/notebooks/tiny_cross.ipynb")
