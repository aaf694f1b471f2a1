from django.apps import AppConfig


class BenchConfig(AppConfig):
    name = "newsroom.bench"
    label = "bench"
    verbose_name = "Benchmarks"
