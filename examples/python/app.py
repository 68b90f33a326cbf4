"""Synthesizes the order service through the compliance gate and prints the gate's report.

    python3 app.py      # or `cdk synth`; exits 1 on a violation

The Python twin of ``main()`` in ``examples/app.ts``.
"""

import os
import sys
from pathlib import Path

from aws_cdk import App, Environment
from cdk_secure_serverless import ComplianceGate, DecisionOrigin

from orders_service import OrdersServiceStack

HERE = Path(__file__).resolve().parent


def main() -> int:
    app = App(outdir=os.environ.get("CDK_OUTDIR", str(HERE / "cdk.out")))
    env = Environment(account="123456789012", region="eu-west-1")
    OrdersServiceStack(app, "OrdersService", env=env)
    gate = ComplianceGate.apply(app)
    app.synth()

    # The gate printed its summary to standard error and wrote its reports into the cloud
    # assembly; print the Markdown one, the report a reviewer reads in a pull request.
    result = gate.result
    if result is None or gate.report_files is None:
        print("FAILED: the compliance gate did not run during synth", file=sys.stderr)
        return 1
    sys.stdout.write(Path(gate.report_files.markdown).read_text(encoding="utf-8"))
    verdict = "PASSED" if result.success else "FAILED"

    def count(origin: DecisionOrigin) -> int:
        return len([a for a in result.acknowledgments if a.origin == origin])

    print(
        f"\n{verdict}: {len(result.violations)} unaccepted finding(s); "
        f"{count(DecisionOrigin.TEAM)} acknowledgment(s) written by the app, "
        f"{count(DecisionOrigin.OPT_OUT)} opt-out(s) with their reasons, "
        f"{count(DecisionOrigin.LIBRARY)} exception(s) the library records. "
        f"Reports: {os.path.relpath(app.outdir)}/compliance-report.{{md,json,sarif}}"
    )
    return 0 if result.success else 1


if __name__ == "__main__":
    sys.exit(main())
