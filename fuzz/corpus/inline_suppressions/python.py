import os

api_key = os.environ["API_KEY"]  # bulwark:ignore secrets.generic-api-key -- read from the environment
# bulwark:ignore sast.python.sql-injection,sast.python.eval -- reviewed in SEC-42
cursor.execute("SELECT 1")
token = "x"  # bulwark:ignore secrets.generic-token
/* bulwark:ignore -- no rule id */
<!-- bulwark:ignore iac.k8s.privileged -- lab cluster only -->
