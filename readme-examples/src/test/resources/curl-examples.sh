# tag::curl[]
curl -s http://127.0.0.1:8001/
curl -s -H "X-API-Key: $ENVIRONMENT_API_KEY" http://127.0.0.1:8001/health
curl -s -H "X-API-Key: $ENVIRONMENT_API_KEY" http://127.0.0.1:8001/info
curl -s -H "X-API-Key: $ENVIRONMENT_API_KEY" http://127.0.0.1:8001/task_info
curl -s -H "X-API-Key: $ENVIRONMENT_API_KEY" "http://127.0.0.1:8001/task_info?seed=0&seed=1"
curl -s -H "X-API-Key: $ENVIRONMENT_API_KEY" -H "Content-Type: application/json" http://127.0.0.1:8001/rollout -d '{
  "run_id": "run-1",
  "env": {"seed": 0},
  "policy": {"config": {"model": "gpt-4o-mini", "inference_url": "https://api.openai.com/v1?cid=trace_run1"}},
  "mode": "eval"
}'
curl -s -X POST -H "X-API-Key: $ENVIRONMENT_API_KEY" http://127.0.0.1:8001/done
# end::curl[]
