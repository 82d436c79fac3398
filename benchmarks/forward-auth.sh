#!/usr/bin/env bash
# Forward-auth throughput: enforcement-service against nginx answering 200/403 by itself from a
# geo block holding the same allow list, same client addresses (X-Forwarded-For), same machine,
# one run each after an unmeasured warm-up of each (WARMUP_SECONDS, default 10), with wrk (Debian
# package):  ./benchmarks/forward-auth.sh [RULES] [SECONDS]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
RULES="${1:-10000}"; SECONDS_PER_RUN="${2:-15}"
command -v wrk > /dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 1; }
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
./mvnw -B -q package -DskipTests -Dspotless.check.skip=true -pl benchmarks -am
OUT="$PWD/benchmarks/target/forward-auth"; rm -rf "$OUT"; mkdir -p "$OUT/logs" "$OUT/tmp"
CP="benchmarks/target/classes:$(cat benchmarks/target/benchmarks.classpath)"

exec 3> >(java -Xmx2g -Djava.util.logging.manager=org.jboss.logmanager.LogManager -cp "$CP" \
  dev.ipfence.bench.system.ForwardAuthFixture "$RULES" "$OUT" "$PWD" > "$OUT/fixture.out" 2> "$OUT/fixture.err")
until grep -q '^READY' "$OUT/fixture.out" 2>/dev/null; do sleep 1; done
read -r _ PORT ENV < <(grep '^READY' "$OUT/fixture.out")
URL="http://127.0.0.1:$PORT/v1/forward-auth?environmentId=$ENV&trafficScope=http"
# wait until the allow list is loaded: an address outside it is denied, not NO_RULES
until curl -s -o /dev/null -D - -H "X-Forwarded-For: 11.0.0.1" "$URL" | grep -q "NOT_ALLOWLISTED"; do sleep 1; done

NGINX_PORT=$((PORT + 1000))
cat > "$OUT/nginx.conf" <<CONF
worker_processes 1;
daemon off;
pid $OUT/nginx.pid;
error_log $OUT/logs/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $OUT/tmp/body; proxy_temp_path $OUT/tmp/proxy; fastcgi_temp_path $OUT/tmp/fastcgi;
  uwsgi_temp_path $OUT/tmp/uwsgi; scgi_temp_path $OUT/tmp/scgi;
  geo \$http_x_forwarded_for \$allowed {
    default 0;
    include $OUT/geo.conf;
  }
  server {
    listen 127.0.0.1:$NGINX_PORT;
    location / {
      if (\$allowed) { return 200; }
      return 403;
    }
  }
}
CONF
"$NGINX" -p "$OUT" -c "$OUT/nginx.conf" & NGINX_PID=$!
sleep 1

# both sides get the same unmeasured warm-up run first (for the JVM: its JIT compilation)
WARMUP="${WARMUP_SECONDS:-10}"
wrk -t1 -c16 -d"${WARMUP}s" -s "$OUT/clients.lua" "$URL" > /dev/null
wrk -t1 -c16 -d"${WARMUP}s" -s "$OUT/clients.lua" "http://127.0.0.1:$NGINX_PORT/auth" > /dev/null

echo "== ipfence forward-auth, $RULES rules =="
wrk -t1 -c16 -d"${SECONDS_PER_RUN}s" --latency -s "$OUT/clients.lua" "$URL" | tee "$OUT/ipfence.txt"
echo "== nginx geo, $RULES rules =="
wrk -t1 -c16 -d"${SECONDS_PER_RUN}s" --latency -s "$OUT/clients.lua" "http://127.0.0.1:$NGINX_PORT/auth" | tee "$OUT/nginx.txt"

kill "$NGINX_PID" 2> /dev/null || true
exec 3>&-
ipfence=$(awk '/Requests\/sec/ {print $2}' "$OUT/ipfence.txt"); nginx=$(awk '/Requests\/sec/ {print $2}' "$OUT/nginx.txt")
echo "ratio ipfence/nginx: $(awk -v a="$ipfence" -v b="$nginx" 'BEGIN { printf "%.2f", a / b }')"
