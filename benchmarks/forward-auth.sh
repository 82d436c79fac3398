#!/usr/bin/env bash
# Forward-auth throughput: enforcement-service against nginx answering 200/403 by itself from a
# geo block holding the same allow list, same client addresses (X-Forwarded-For), same machine,
# one run each after an unmeasured warm-up of each (WARMUP_SECONDS, default 10), with wrk (Debian
# package):  ./benchmarks/forward-auth.sh [RULES] [SECONDS]
#   PINNED=1   same CPU budget: enforcement-service (one event loop) and nginx on core 0, wrk on core 1
#   PROFILE=1  then one more ipfence run under Java Flight Recorder; prints its hottest frames
#   ENFORCEMENT_JAVA_OPTIONS=...  more options for enforcement-service's JVM (e.g. another collector)
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
read -r _ PORT ENV PID FA_PORT < <(grep '^READY' "$OUT/fixture.out")
SERVER_CPU=(); CLIENT_CPU=()
if [ "${PINNED:-0}" = 1 ]; then
  taskset -a -c -p 0 "$PID" > /dev/null
  SERVER_CPU=(taskset -c 0); CLIENT_CPU=(taskset -c 1)
fi
URL="http://127.0.0.1:$PORT/v1/forward-auth?environmentId=$ENV&trafficScope=http"
# the same service on its forward-auth port (forward-auth.port), without the main port's router
FA_URL="http://127.0.0.1:$FA_PORT/v1/forward-auth?environmentId=$ENV&trafficScope=http"
# wait until the allow list is loaded: an address outside it is denied, not NO_RULES (forward-auth
# answers with its status alone, as in production; the decision endpoint says why)
until curl -s -H "Content-Type: application/json" \
    -d "{\"ip\":\"11.0.0.1\",\"environmentId\":\"$ENV\",\"trafficScope\":\"http\"}" \
    "http://127.0.0.1:$PORT/v1/decisions" | grep -q "NOT_ALLOWLISTED"; do sleep 1; done

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
"${SERVER_CPU[@]}" "$NGINX" -p "$OUT" -c "$OUT/nginx.conf" & NGINX_PID=$!
# the same matcher on the bare HTTP server the service runs on (Vert.x, one event loop)
BARE_PORT=$((PORT + 2000)); BARE_JVM=(); [ "${PINNED:-0}" = 1 ] && BARE_JVM=(-XX:ActiveProcessorCount=1)
"${SERVER_CPU[@]}" java -Xmx1g "${BARE_JVM[@]}" -cp "$CP" dev.ipfence.bench.system.BareForwardAuth "$OUT/geo.conf" "$BARE_PORT" \
  > "$OUT/bare.out" 2>&1 & BARE_PID=$!
until grep -q '^READY' "$OUT/bare.out" 2>/dev/null; do sleep 1; done

# both sides get the same unmeasured warm-up run first (for the JVM: its JIT compilation)
WARMUP="${WARMUP_SECONDS:-10}"
"${CLIENT_CPU[@]}" wrk -t1 -c16 -d"${WARMUP}s" -s "$OUT/clients.lua" "$URL" > /dev/null
"${CLIENT_CPU[@]}" wrk -t1 -c16 -d"${WARMUP}s" -s "$OUT/clients.lua" "$FA_URL" > /dev/null
"${CLIENT_CPU[@]}" wrk -t1 -c16 -d"${WARMUP}s" -s "$OUT/clients.lua" "http://127.0.0.1:$NGINX_PORT/auth" > /dev/null
"${CLIENT_CPU[@]}" wrk -t1 -c16 -d"${WARMUP}s" -s "$OUT/clients.lua" "http://127.0.0.1:$BARE_PORT/auth" > /dev/null

# the serving threads' scheduler counters (/proc/<pid>/task/<tid>/schedstat: ns on a core, ns
# runnable but waiting for one, times run), summed over the threads of PID whose name matches
schedstat() {
  local task sum=(0 0 0) fields
  for task in /proc/"$1"/task/*; do
    if grep -q "$2" "$task/comm" 2> /dev/null; then
      read -r -a fields < "$task/schedstat"
      sum=($((sum[0] + fields[0])) $((sum[1] + fields[1])) $((sum[2] + fields[2])))
    fi
  done
  echo "${sum[@]}"
}
# one measured run of NAME at URL, served by the threads of SERVER matching THREADS; then how long
# those threads waited for a core while they had work (what a request behind them waits too)
measure() {
  local before after
  before=($(schedstat "$3" "$4"))
  "${CLIENT_CPU[@]}" wrk -t1 -c16 -d"${SECONDS_PER_RUN}s" --latency -s "$OUT/clients.lua" "$2" | tee "$OUT/$1.txt"
  after=($(schedstat "$3" "$4"))
  awk -v ran=$((after[0] - before[0])) -v waited=$((after[1] - before[1])) -v slices=$((after[2] - before[2])) \
    'BEGIN { printf "serving threads: on a core %.0f ms, runnable but waiting for a core %.0f ms (%.1f%%), %d slices, %.1f us waited per slice\n",
             ran / 1e6, waited / 1e6, 100 * waited / (ran + waited), slices, waited / 1e3 / (slices ? slices : 1) }' \
    | tee -a "$OUT/$1.txt"
}
NGINX_WORKER=$(pgrep -P "$NGINX_PID" | head -1)
echo "== ipfence forward-auth, $RULES rules =="
measure ipfence "$URL" "$PID" '^vert.x-eventloo'
echo "== ipfence forward-auth port, $RULES rules =="
measure ipfence-port "$FA_URL" "$PID" '^vert.x-eventloo'
echo "== nginx geo, $RULES rules =="
measure nginx "http://127.0.0.1:$NGINX_PORT/auth" "$NGINX_WORKER" 'nginx'

echo "== bare Vert.x with the same matcher, $RULES rules =="
measure bare "http://127.0.0.1:$BARE_PORT/auth" "$BARE_PID" '^vert.x-eventloo'

kill "$NGINX_PID" "$BARE_PID" 2> /dev/null || true
# one more run of NAME at URL under Java Flight Recorder (1 ms samples), not measured; per frame:
# the share of samples with it anywhere on the stack (its flame graph width) and on top (self)
profile() {
  echo "== $1 under Java Flight Recorder (not measured) =="
  jcmd "$PID" JFR.start name="$1" settings=profile "jdk.ExecutionSample#period=1ms" filename="$OUT/$1.jfr" > /dev/null
  "${CLIENT_CPU[@]}" wrk -t1 -c16 -d"${SECONDS_PER_RUN}s" -s "$OUT/clients.lua" "$2" > /dev/null
  jcmd "$PID" JFR.stop name="$1" > /dev/null
  jfr print --stack-depth 128 --events jdk.ExecutionSample "$OUT/$1.jfr" | awk '
    /stackTrace = \[/ { inside = 1; first = 1; n++; delete seen; next }
    inside && /^[ \t]*\]/ { inside = 0; next }
    inside { f = $0; sub(/^[ \t]+/, "", f); sub(/[ \t]+line:.*/, "", f)
             if (first) { self[f]++; first = 0 }
             if (!(f in seen)) { seen[f] = 1; total[f]++ } }
    END { for (f in total) printf "%6.1f%% %6.1f%%  %s\n", 100 * total[f] / n, 100 * self[f] / n, f
          printf "%d samples\n", n > "/dev/stderr" }' | sort -rn > "$OUT/$1-frames.txt"
  echo "frames by share of samples: on the stack, on top ($OUT/$1-frames.txt)"; head -40 "$OUT/$1-frames.txt"
}
if [ "${PROFILE:-0}" = 1 ]; then
  profile ipfence "$URL"
  profile ipfence-port "$FA_URL"
fi
exec 3>&-
rate() { awk '/Requests\/sec/ {print $2}' "$OUT/$1.txt"; }
p99() { awk '$1 == "99%" {print $2}' "$OUT/$1.txt"; }
ratio() { awk -v a="$(rate "$1")" -v b="$(rate nginx)" 'BEGIN { printf "%.2f", a / b }'; }
echo "ratio to nginx: ipfence $(ratio ipfence), ipfence forward-auth port $(ratio ipfence-port), bare Vert.x $(ratio bare)"
echo "p99: ipfence $(p99 ipfence), forward-auth port $(p99 ipfence-port), nginx $(p99 nginx), bare Vert.x $(p99 bare)"
