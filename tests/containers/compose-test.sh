#!/usr/bin/env bash
# The platform as users run it (`npm run test:containers`): builds the images, starts
# docker-compose.yml with two workers of the default pool and one of the video pool (worker-video)
# and, from docker-compose.example.yml, two containers of
# examples/my-tasks (a project's own task type on @atropos/worker), every worker container running
# two worker processes (WORKER_PROCESSES=2), and runs compose-scenario.mjs against the API on :8000
# and the web UI on :3000: every task type completed, the work shared by several workers, each pool
# taking only its own queue's tasks, a run of
# the workflow shipped in config/workflows.json completed, the dashboard and the task list served by
# the web container, a worker container stopped mid-task without losing its task. Removes its containers and volumes at the end, even on failure.
#
# Docker: where no engine runs (CI, the development machines), ../shared/tools/container-env.sh,
# next to the repository, provides one through podman. Compose: docker-compose (1.29), else
# `docker compose`. The ports are CONTAINER_TEST_PORT (8000 by default) and CONTAINER_TEST_WEB_PORT (3000).
set -euo pipefail
cd "$(dirname "$0")/../.."

test_started=$SECONDS
phase_started=$SECONDS
phase() { # prints how long the phase that just ended took
  printf '== %-44s %4ss\n' "$1" "$((SECONDS - phase_started))"
  phase_started=$SECONDS
}

scenario_ran=false
container_env=../shared/tools/container-env.sh
started_container_env=false
compose=()
env_file=$(mktemp)

cleanup() {
  local status=$?
  trap - EXIT INT TERM
  phase_started=$SECONDS
  if ((status != 0)); then
    echo "-- container test failed (exit $status)"
    if ((${#compose[@]})); then
      "${compose[@]}" ps || true
      "${compose[@]}" logs --no-color --tail=40 || true
    fi
    # Stopped before the scenario's own summary: count the run as one failed test for .ci/run.
    [[ $scenario_ran == true ]] || echo "Tests:       1 failed, 1 total"
  fi
  if ((${#compose[@]})); then
    "${compose[@]}" down -v --remove-orphans --timeout 5 >/dev/null 2>&1 || true
    phase "down -v"
  fi
  rm -f "$env_file"
  # On CI nobody else uses the podman service this run started: stop it with the run.
  if [[ $started_container_env == true && ${CI:-} == true ]]; then bash "$container_env" stop; fi
  echo "container test: $((SECONDS - test_started)) s in all"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# One run at a time on a machine: runs share the compose project, the port and the podman service.
exec 9>"${TMPDIR:-/tmp}/atropos-container-test.lock"
if ! flock -n 9; then
  echo "container test: waiting for the one already running on this machine"
  flock 9
  phase "waited for the other container test"
fi

if [[ -z ${DOCKER_HOST:-} && ! -S /var/run/docker.sock && -f $container_env ]]; then
  # A podman service stopped by an earlier run leaves its socket file behind; container-env.sh
  # would take that stale file for the new service's socket and return before it listens.
  # On CI, a fresh service: one left running by an earlier run can go stale and then fails to
  # start containers ("write child: broken pipe", "exit status 1"), seen on this machine.
  if [[ ${CI:-} == true ]]; then bash "$container_env" stop 9>&-; fi
  podman_pid=${CONTAINER_ENV_DIR:-/var/tmp/container-env}/podman-service.pid
  if ! { [[ -s $podman_pid ]] && kill -0 "$(cat "$podman_pid")" 2>/dev/null; }; then rm -f /run/podman/podman.sock; fi
  # Run as a program of its own with fd 9 closed, not sourced: the podman service and healthcheck
  # loop it leaves running must not inherit the lock, or they would hold it after this run and every
  # later run would wait forever (a sourced script's background jobs inherit it even with 9>&-,
  # through the copy bash keeps to restore fd 9 afterwards). It serves the Docker API on this socket.
  bash "$container_env" 9>&-
  export DOCKER_HOST=unix:///run/podman/podman.sock
  started_container_env=true
fi
for _ in $(seq 1 60); do docker version >/dev/null 2>&1 && break; sleep 0.5; done
docker version >/dev/null
phase "container engine ready"

compose=(docker-compose)
command -v docker-compose >/dev/null || compose=(docker compose)
# Settings for the test only (the scenario needs a short shutdown grace to see a task handed back),
# and an empty env file, so that a developer's .env does not change the run.
export COMPOSE_PROJECT_NAME=atropos-container-test
export PORT=${CONTAINER_TEST_PORT:-8000}
export WEB_PORT=${CONTAINER_TEST_WEB_PORT:-3000}
export SHUTDOWN_GRACE_MS=2000 STALLED_CHECK_INTERVAL_MS=1000 HEARTBEAT_INTERVAL_MS=1000 WORKER_CONCURRENCY=1 WORKER_PROCESSES=2
compose+=(--env-file "$env_file" -f docker-compose.yml -f docker-compose.example.yml)

# What an earlier run killed before its clean-up left behind.
"${compose[@]}" down -v --remove-orphans --timeout 5 >/dev/null 2>&1 || true

"${compose[@]}" build
phase "build the api, worker, web and my-tasks images"

"${compose[@]}" up -d --scale worker=2 --scale worker-video=1 --scale my-tasks=2
phase "up -d --scale worker=2 --scale worker-video=1 --scale my-tasks=2"

scenario_ran=true
API_URL="http://127.0.0.1:$PORT" WEB_URL="http://127.0.0.1:$WEB_PORT" WORKERS=2 VIDEO_WORKERS=1 EXAMPLE_WORKERS=2 PROCESSES=2 \
  node tests/containers/compose-scenario.mjs
