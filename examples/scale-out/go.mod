module github.com/wawp-go/wawp/examples/scale-out

go 1.26.0

require (
	github.com/redis/go-redis/v9 v9.23.0
	github.com/stretchr/testify v1.12.1
	github.com/wawp-go/wawp v0.0.0
	github.com/wawp-go/wawp/wawpredis v0.0.0
)

require (
	github.com/cespare/xxhash/v2 v2.3.0 // indirect
	github.com/google/go-querystring v1.2.0 // indirect
	go.uber.org/atomic v1.12.0 // indirect
	go.yaml.in/yaml/v3 v3.0.5 // indirect
	golang.org/x/sys v0.48.0 // indirect
)

replace (
	github.com/wawp-go/wawp => ../../
	github.com/wawp-go/wawp/wawpredis => ../../wawpredis
)
