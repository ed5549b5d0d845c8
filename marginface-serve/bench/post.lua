-- wrk script: POST the JSON body in $BODY_FILE with the API key in $MARGINFACE_KEY
-- (wrk itself reports any non-2xx answers as "Non-2xx or 3xx responses")
local f = assert(io.open(os.getenv("BODY_FILE"), "rb"))
wrk.method = "POST"
wrk.body = f:read("*a")
f:close()
wrk.headers["Content-Type"] = "application/json"
wrk.headers["X-API-Key"] = os.getenv("MARGINFACE_KEY")
