#!/usr/bin/env bash
# free_port: prints a TCP port on 127.0.0.1 that nothing listens on right now, so parallel runs
# on one machine do not collide.
free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

# port_or_free PREFERRED: PREFERRED when it is free, else any free port.
port_or_free() {
  if python3 -c "import socket,sys; s=socket.socket(); s.bind(('127.0.0.1',$1))" 2>/dev/null; then
    echo "$1"
  else
    free_port
  fi
}

# start_mosquitto DIR TCP_PORT WS_PORT: a throwaway broker with a websockets listener; sets
# MOSQUITTO_PID. The TCP listener stays beside the websockets one (the websockets listener
# ignores its bind address, the TCP one does not).
start_mosquitto() {
  local dir=$1 tcp=$2 ws=$3
  mkdir -p "$dir"
  cat >"$dir/mosquitto.conf" <<CONF
per_listener_settings false
user $(id -un)
allow_anonymous true
persistence false
log_dest file $dir/mosquitto.log
listener $tcp 127.0.0.1
protocol mqtt
listener $ws 127.0.0.1
protocol websockets
CONF
  "$MOSQUITTO" -c "$dir/mosquitto.conf" &
  MOSQUITTO_PID=$!
  for _ in $(seq 50); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$ws") 2>/dev/null; then return 0; fi
    sleep 0.1
  done
  echo "mosquitto did not start; its log:" >&2
  cat "$dir/mosquitto.log" >&2 || true
  return 1
}
