import json

from conftest import run_cli


def test_doctor_prints_one_json_object_with_versions_and_gpu_facts():
    result = run_cli(["doctor"])
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["python"].count(".") == 2
    assert report["torch"] and report["transformers"]
    assert isinstance(report["cuda_available"], bool) and isinstance(report["gpus"], list)
    assert isinstance(report["bitsandbytes_importable"], bool)
    # On a machine without a GPU nothing may claim readiness for GPU training.
    if not report["gpus"]:
        assert report["ready_for_gpu_training"] is False
