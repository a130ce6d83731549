"""Converts musicnn's MSD_musicnn TensorFlow checkpoint (from the musicnn 0.1.0
wheel on PyPI) to the Keras-style weights HDF5 HumanEar reads, and writes the
reference outputs tests/data/musicnn_reference.bin that the C++ port is checked
against (TensorFlow running musicnn's own graph on a synthetic signal).

    python convert_musicnn.py UNPACKED_WHEEL_DIR OUT.h5 [REFERENCE.bin]

Offline tool: needs tensorflow-cpu 2.15, h5py and librosa (fetch_musicnn.sh
installs them in a throw-away virtual environment). The app never runs it.
"""
import os
import struct
import sys

import h5py
import numpy as np

wheel_dir, out_h5 = sys.argv[1], sys.argv[2]
reference = sys.argv[3] if len(sys.argv) > 3 else None  # fetch_musicnn.sh --reference FILE
checkpoint = os.path.join(wheel_dir, 'musicnn', 'MSD_musicnn') + '/'

import tensorflow as tf  # noqa: E402

reader = tf.compat.v1.train.NewCheckpointReader(checkpoint)
shapes = reader.get_variable_to_shape_map()
layers = sorted({name.split('/')[0] for name in shapes if '/' in name and 'Adam' not in name})

# Inference needs the learned values and the moving statistics, not the optimiser's slots.
with h5py.File(out_h5, 'w', track_order=True) as f:
    f.attrs['layer_names'] = np.array([name.encode() for name in layers])
    f.attrs['source'] = b'musicnn 0.1.0 (PyPI), MSD_musicnn, ISC licence, (c) Music Technology Group, UPF'
    for layer in layers:
        group = f.create_group(layer)
        weights = sorted(name for name in shapes if name.startswith(layer + '/') and 'Adam' not in name)
        group.attrs['weight_names'] = np.array([(w + ':0').encode() for w in weights])
        for w in weights:
            group.create_dataset(w + ':0', data=reader.get_tensor(w).astype(np.float32), track_times=False)


def synthetic_signal(n):
    # Reproduced bit for bit by tests/test_musicnn.cpp.
    t = np.arange(n, dtype=np.float64) / 16000.0
    gate = ((np.arange(n) % 1600) < 800).astype(np.float64)
    x = 0.5 * np.sin(2 * np.pi * 220.0 * t) + 0.25 * np.sin(2 * np.pi * (500.0 + 300.0 * t) * t) \
        + 0.1 * gate * np.sin(2 * np.pi * 3000.0 * t)
    return x.astype(np.float32)


if reference:
    import librosa

    sys.path.insert(0, wheel_dir)
    tf.compat.v1.disable_eager_execution()
    from musicnn import models

    frames = 187
    audio = synthetic_signal(2 * frames * 256)
    # musicnn.extractor.batch_data, step for step.
    rep = librosa.feature.melspectrogram(y=audio, sr=16000, hop_length=256, n_fft=512, n_mels=96).T
    rep = np.log10(10000 * rep.astype(np.float16) + 1)
    batch = np.stack([rep[0:frames], rep[frames:2 * frames]]).astype(np.float32)
    tf.compat.v1.reset_default_graph()
    with tf.name_scope('model'):
        x = tf.compat.v1.placeholder(tf.float32, [None, frames, 96])
        is_training = tf.compat.v1.placeholder(tf.bool)
        outputs = models.define_model(x, is_training, 'MSD_musicnn', 50)
    sess = tf.compat.v1.Session()
    tf.compat.v1.train.Saver().restore(sess, checkpoint)
    logits, penultimate = sess.run([outputs[0], outputs[8]], feed_dict={x: batch, is_training: False})
    # Little-endian: uint32 counts, then float32 arrays: the log-mel of both
    # patches (2 x 187 x 96, time-major as musicnn feeds it), penultimate (2 x 200), logits (2 x 50).
    with open(reference, 'wb') as f:
        for arr in (batch, penultimate, logits):
            f.write(struct.pack('<I', arr.size))
            f.write(np.ascontiguousarray(arr, dtype='<f4').tobytes())
    print('reference written:', reference, 'penultimate[0][:4] =', penultimate[0][:4])
