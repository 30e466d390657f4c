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


def test_doctor_reads_versions_from_package_metadata_when_the_module_sets_none(tmp_path, monkeypatch):
    # liger-kernel sets no __version__; this stand-in package (installed into tmp_path) does the same.
    import sys

    from confidant_trainer import doctor

    (tmp_path / "versionless_kernels").mkdir()
    (tmp_path / "versionless_kernels" / "__init__.py").write_text("KERNELS = ()\n")
    info = tmp_path / "versionless_kernels-0.8.5.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: versionless-kernels\nVersion: 0.8.5\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    assert doctor._version("versionless_kernels", "versionless-kernels") == "0.8.5"
    assert doctor._version("no_such_module_here") is None
    assert "versionless_kernels" in sys.modules
